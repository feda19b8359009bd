/** Small made-up model repositories for a mock hub to serve, when real ONNX bytes do not matter. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Bytes 0, 1, …, 255, 0, 1, … so any slice shows where it was cut from. */
export function countingBytes(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => i % 256));
}

/** Writes `files` (path -> contents) as `<root>/<id>/…`. */
export function writeRepo(root: string, id: string, files: Readonly<Record<string, string | Buffer>>): void {
  for (const [file, contents] of Object.entries(files)) {
    const full = path.join(root, id, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, contents);
  }
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `hub-${prefix}-`));
}
