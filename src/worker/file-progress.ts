/**
 * transformers.js's per-file progress, thinned for the page: at most one message per file every
 * PROGRESS_MS (and always the one that completes it), and the library's "done" — which carries
 * no bytes — given the file's last known size. Used by the playground's load and the lab's loads.
 */
import type { FileProgress } from './model-loader.ts';

/** Load progress for one file is sent at most this often. */
export const PROGRESS_MS = 100;

/** The last bytes reported for each file, by name. */
export type FileSizes = ReadonlyMap<string, { readonly loaded: number; readonly total: number | null }>;

export interface FileProgressReporter {
  /** Pass to `loadSession`. */
  readonly onProgress: (p: FileProgress) => void;
  /** What each file reported last (the lab sums the weight files' totals). */
  readonly files: FileSizes;
  /** Nothing is sent after this: transformers.js may go on reporting after a failed load. */
  end(): void;
}

export function fileProgressReporter(now: () => number, send: (p: FileProgress) => void): FileProgressReporter {
  const files = new Map<string, { loaded: number; total: number | null }>();
  const lastSent = new Map<string, number>();
  let ended = false;
  const onProgress = (p: FileProgress) => {
    if (ended) return;
    if (p.done) {
      const last = files.get(p.file);
      send({ file: p.file, loaded: last?.total ?? last?.loaded ?? 0, total: last?.total ?? null, done: true });
      return;
    }
    files.set(p.file, { loaded: p.loaded, total: p.total });
    const t = now();
    const complete = p.total !== null && p.loaded >= p.total;
    if (!complete && t - (lastSent.get(p.file) ?? -Infinity) < PROGRESS_MS) return;
    lastSent.set(p.file, t);
    send(p);
  };
  return { onProgress, files, end: () => (ended = true) };
}
