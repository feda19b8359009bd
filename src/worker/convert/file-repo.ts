/**
 * A checkpoint folder picked in the page (its `File`s, paths relative to the folder) as the
 * converter's `RepoReader`: weights read by `Blob.slice`, never whole.
 */
import { blobSource } from '../../convert/byte-source.ts';
import type { RepoReader } from '../../convert/convert.ts';
import { ConvertError } from '../../convert/errors.ts';
import type { DiskFile } from '../disk-model-host.ts';

/** `files` (paths inside the checkpoint's folder) as a repository named `name`. */
export function fileRepo(name: string, files: readonly DiskFile[]): RepoReader {
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const file = (path: string): Blob => {
    const blob = byPath.get(path);
    if (!blob) throw new ConvertError('missing-weights', `${name} has no ${path}.`);
    return blob;
  };
  return {
    name,
    files: new Set(byPath.keys()),
    readText: async (path) => file(path).text(),
    open: async (path) => blobSource(path, file(path)),
  };
}
