import { describe, expect, it } from 'vitest';
import { fileProgress, renderBar, type ProgressSink } from './progress.ts';

function sink(isTTY: boolean): ProgressSink & { text: string } {
  return {
    isTTY,
    text: '',
    write(chunk: string) {
      this.text += chunk;
    },
  };
}

describe('renderBar', () => {
  it('fills the bar in proportion and shows percent and megabytes', () => {
    // 2,687,248 of 5,374,497 bytes is 49.99…%: 12 of 24 cells, floor to 49%.
    expect(renderBar('onnx/model_q4.onnx', 2_687_248, 5_374_497)).toBe(
      `  onnx/model_q4.onnx  [${'#'.repeat(12)}${'-'.repeat(12)}]  49%  2.7/5.4 MB`,
    );
    expect(renderBar('config.json', 857, 857)).toBe(`  config.json  [${'#'.repeat(24)}] 100%  0.9/0.9 kB`);
  });

  it('shows only the bytes when the total is unknown', () => {
    expect(renderBar('x', 3_000_000, null)).toBe('  x  3.0 MB');
  });
});

describe('fileProgress', () => {
  it('prints one line per file when stderr is not a terminal (logs stay short)', () => {
    const out = sink(false);
    const bar = fileProgress(out, 'a');
    bar.update(1, 2);
    bar.finish(2, 2, 'done');
    expect(out.text).toBe(`${renderBar('a', 2, 2)}  done\n`);
  });

  it('redraws in place on a terminal, at most every 100 ms', () => {
    const out = sink(true);
    let clock = 0;
    const bar = fileProgress(out, 'a', () => clock);
    bar.update(1, 4);
    clock = 50;
    bar.update(2, 4); // too soon: not drawn
    clock = 150;
    bar.update(3, 4);
    bar.fail();
    expect(out.text).toBe(`\r${renderBar('a', 1, 4)}\x1b[K\r${renderBar('a', 3, 4)}\x1b[K\n`);
  });
});
