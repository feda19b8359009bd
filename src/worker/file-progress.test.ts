import { describe, expect, it } from 'vitest';
import type { FileProgress } from './model-loader.ts';
import { fileProgressReporter, PROGRESS_MS } from './file-progress.ts';

describe('fileProgressReporter', () => {
  // A fast download reports thousands of chunks; the page needs a few per file, and the last one.
  it('sends one message per file per interval, always the completing one, and a done with the last size', () => {
    let clock = 0;
    const sent: FileProgress[] = [];
    const reporter = fileProgressReporter(() => clock, (p) => sent.push(p));
    reporter.onProgress({ file: 'onnx/model.onnx', loaded: 10, total: 100, done: false });
    clock = PROGRESS_MS - 1;
    reporter.onProgress({ file: 'onnx/model.onnx', loaded: 50, total: 100, done: false });
    reporter.onProgress({ file: 'config.json', loaded: 5, total: 5, done: false });
    reporter.onProgress({ file: 'onnx/model.onnx', loaded: 100, total: 100, done: false });
    reporter.onProgress({ file: 'onnx/model.onnx', loaded: 0, total: null, done: true });
    expect(sent).toEqual([
      { file: 'onnx/model.onnx', loaded: 10, total: 100, done: false },
      { file: 'config.json', loaded: 5, total: 5, done: false },
      { file: 'onnx/model.onnx', loaded: 100, total: 100, done: false },
      { file: 'onnx/model.onnx', loaded: 100, total: 100, done: true },
    ]);
    expect(reporter.files.get('onnx/model.onnx')).toEqual({ loaded: 100, total: 100 });

    reporter.end();
    reporter.onProgress({ file: 'tokenizer.json', loaded: 1, total: 2, done: false });
    expect(sent).toHaveLength(4);
  });
});
