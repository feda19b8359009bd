/**
 * A checkpoint folder picked in the page (its `File`s, paths relative to the folder) as the
 * converter's `RepoReader`: the converter's own {@link blobRepo}, weights read by `Blob.slice`.
 */
import { blobRepo } from '../../convert/blob-repo.ts';
import type { RepoReader } from '../../convert/convert.ts';
import type { DiskFile } from '../disk-model-host.ts';

/** `files` (paths inside the checkpoint's folder) as a repository named `name`. */
export function fileRepo(name: string, files: readonly DiskFile[]): RepoReader {
  return blobRepo(name, files.map((f) => ({ path: f.path, blob: f.file })));
}
