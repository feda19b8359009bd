/**
 * `download`: fetches the file list of a Hub model, picks the config, tokenizer and ONNX files of
 * the asked dtypes, checks there is room for them, and downloads each (resumable) into
 * `<outDir>/<id>/` with the Hub's file names, so the app serves it at `/models/<id>/`.
 */
import { mkdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { Dtype } from '../../src/onnx/spec.ts';
import { diskFullError, errnoCode } from './errors.ts';
import { fetchFile, sizeOnDisk, type FileOutcome } from './fetch-file.ts';
import { chooseFiles, type RemoteFile } from './hub-files.ts';
import { fileUrl, listRemoteFiles, type HubSource } from './hub-listing.ts';
import { modelDir } from './local-models.ts';
import { fileProgress, type ProgressSink } from './progress.ts';

/** The public Hub; `HF_ENDPOINT` (the Hub libraries' variable) or `--host` point elsewhere. */
export const DEFAULT_HOST = 'https://huggingface.co';

export interface DownloadRequest extends HubSource {
  readonly dtypes: readonly Dtype[];
  /** The models folder; the model goes to `<outDir>/<id>/`. */
  readonly outDir: string;
  /** Progress bars and notes (stderr in the CLI). */
  readonly sink: ProgressSink;
  /** Free bytes on the disk of the models folder; tests replace it to play a full disk. */
  readonly freeBytes?: (dir: string) => Promise<number>;
}

export interface DownloadSummary {
  readonly dir: string;
  readonly files: readonly { readonly path: string; readonly outcome: FileOutcome }[];
  /** Bytes that came over the network. */
  readonly fetched: number;
}

async function freeBytesOf(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** Bytes still to write: each file's size minus what is already there (finished or `.part`). */
async function bytesStillNeeded(dir: string, files: readonly RemoteFile[]): Promise<number> {
  let needed = 0;
  for (const file of files) {
    if (file.size === null) continue;
    const dest = path.join(dir, file.path);
    const done = (await sizeOnDisk(dest)) === file.size ? file.size : ((await sizeOnDisk(`${dest}.part`)) ?? 0);
    needed += Math.max(0, file.size - done);
  }
  return needed;
}

/** Fails before the first byte when the disk cannot hold the model, instead of halfway. */
async function checkRoom(request: DownloadRequest, dir: string, files: readonly RemoteFile[]): Promise<void> {
  const needed = await bytesStillNeeded(dir, files);
  let free: number;
  try {
    free = await (request.freeBytes ?? freeBytesOf)(request.outDir);
  } catch (error) {
    // statfs is missing on some file systems; the ENOSPC check while writing still holds.
    if (errnoCode(error) !== undefined) return;
    throw error;
  }
  if (needed > free) throw diskFullError(`${request.id} (${request.dtypes.join(', ')})`, needed - free);
}

/** Downloads the model; throws a `HubError` with an actionable message on any failure. */
export async function downloadModel(request: DownloadRequest): Promise<DownloadSummary> {
  const dir = modelDir(request.outDir, request.id);
  const files = chooseFiles(request.id, await listRemoteFiles(request), request.dtypes);
  // The model's own folder only appears with its first file, so a refusal leaves nothing behind.
  await mkdir(request.outDir, { recursive: true });
  await checkRoom(request, dir, files);
  request.sink.write(`${request.id} (${request.dtypes.join(', ')}) from ${request.host} into ${dir}\n`);
  const results: { path: string; outcome: FileOutcome }[] = [];
  let fetched = 0;
  const width = Math.max(...files.map((file) => file.path.length));
  for (const file of files) {
    const result = await fetchFile({
      url: fileUrl(request, file.path),
      dest: path.join(dir, ...file.path.split('/')),
      label: file.path,
      expectedSize: file.size,
      progress: fileProgress(request.sink, file.path.padEnd(width)),
    });
    results.push({ path: file.path, outcome: result.outcome });
    fetched += result.fetched;
  }
  return { dir, files: results, fetched };
}
