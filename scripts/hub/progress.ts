/**
 * A text progress bar per file on stderr, with no dependency. On a terminal the bar redraws in
 * place (at most ten times a second); elsewhere (CI logs, tests) each file prints one line when done.
 */
import { formatMb } from './errors.ts';

/** Where progress goes: `process.stderr`, or a fake in tests. */
export interface ProgressSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

/** `done/total` in the total's unit: MB, or kB for the small config files (not `0.0/0.0 MB`). */
function amounts(done: number, total: number): string {
  const [scale, unit] = total >= 1e6 ? [1e6, 'MB'] : [1e3, 'kB'];
  return `${(done / scale).toFixed(1)}/${(total / scale).toFixed(1)} ${unit}`;
}

/** One line: `onnx/model_q4.onnx  [######------]  50%  2.7/5.4 MB`; without a total, only the bytes. */
export function renderBar(label: string, done: number, total: number | null): string {
  if (total === null || total === 0) return `  ${label}  ${formatMb(done)}`;
  const fraction = Math.min(1, done / total);
  const filled = Math.round(fraction * BAR_WIDTH);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `  ${label}  [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${amounts(done, total)}`;
}

/** The bar of one file. `update` as bytes arrive, then exactly one of `finish` or `fail`. */
export interface FileProgress {
  update(done: number, total: number | null): void;
  /** Ends the bar with a note (`done`, `resumed`, `already there`). */
  finish(done: number, total: number | null, note: string): void;
  /** Ends the bar where it stopped, so the error message starts on a fresh line. */
  fail(): void;
}

/** Starts the bar of the file `label`. */
export function fileProgress(sink: ProgressSink, label: string, now: () => number = Date.now): FileProgress {
  const live = sink.isTTY === true;
  let lastDraw = -Infinity;
  let drawn = false;
  const draw = (line: string, end: string) => {
    sink.write(`\r${line}\x1b[K${end}`);
    drawn = end === '';
  };
  return {
    update(done, total) {
      if (!live || now() - lastDraw < REDRAW_MS) return;
      lastDraw = now();
      draw(renderBar(label, done, total), '');
    },
    finish(done, total, note) {
      const line = `${renderBar(label, done, total)}  ${note}`;
      if (live) draw(line, '\n');
      else sink.write(`${line}\n`);
    },
    fail() {
      if (drawn) sink.write('\n');
    },
  };
}
