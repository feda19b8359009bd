/**
 * A repository the user picked in the page (`<input type="file" webkitdirectory>` or a dropped
 * folder): each `File` is read by `Blob.slice`, so the checkpoint never has to fit in memory.
 */
import { blobSource } from './byte-source.ts';
import type { RepoReader } from './checkpoint.ts';
import { ConvertError } from './errors.ts';

/** @param files - Each file's path inside the model folder (`config.json`, `onnx/…`) and its contents. */
export function blobRepo(name: string, files: Iterable<{ readonly path: string; readonly blob: Blob }>): RepoReader {
  const byPath = new Map<string, Blob>();
  for (const { path, blob } of files) byPath.set(path, blob);
  const get = (path: string) => {
    const blob = byPath.get(path);
    if (!blob) throw new ConvertError('missing-weights', `${name} has no ${path}.`);
    return blob;
  };
  return {
    name,
    files: new Set(byPath.keys()),
    readText: (path) => get(path).text(),
    open: async (path) => blobSource(path, get(path)),
  };
}
