/**
 * A `ModelWriter` whose files become `Blob`s: each file's chunks are gathered into a Blob a few
 * megabytes at a time, so the JavaScript heap holds at most one batch while the browser keeps the
 * rest in its blob storage (which moves large blobs to disk). A folder opened from disk is converted
 * into these and served as it is; the cache writer stores them.
 */
import type { ModelWriter, OutputFile } from '../../convert/convert.ts';

/** How many bytes of chunks are gathered before they are folded into the file's Blob. */
const BATCH_BYTES = 16 * 1024 * 1024;

/** Called with each finished file; a rejection fails the conversion. */
export type FileDone = (path: string, blob: Blob) => Promise<void>;

/** A writer that hands each finished file, as a Blob, to `onFileDone`. */
export function blobWriter(onFileDone: FileDone): ModelWriter {
  return {
    async writeText(path, text) {
      await onFileDone(path, new Blob([text]));
    },
    async create(path): Promise<OutputFile> {
      let blob = new Blob([]);
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      const fold = () => {
        blob = new Blob([blob, ...(batch as BlobPart[])]);
        batch = [];
        batchBytes = 0;
      };
      return {
        async write(chunk) {
          // A copy: the converter may reuse its buffer once the write has resolved.
          batch.push(chunk.slice());
          batchBytes += chunk.byteLength;
          if (batchBytes >= BATCH_BYTES) fold();
        },
        async close() {
          fold();
          await onFileDone(path, blob);
        },
      };
    },
  };
}

/** A converted model held as Blobs by path (`onnx/model.onnx`), in the order written. */
export function collectingWriter(): { writer: ModelWriter; files: Map<string, Blob> } {
  const files = new Map<string, Blob>();
  return {
    files,
    writer: blobWriter(async (path, blob) => {
      files.set(path, blob);
    }),
  };
}
