/**
 * Downloads one file so that an interruption costs nothing: bytes go to `<file>.part`; a rerun asks
 * for the rest with `Range: bytes=<partSize>-` and appends (or starts over when the server answers
 * 200); the part is renamed into place only once its size is the expected one.
 */
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { diskFullError, errnoCode, HubError, interruptedError } from './errors.ts';
import { hubRequest } from './hub-listing.ts';
import type { FileProgress } from './progress.ts';

export interface FileRequest {
  readonly url: string;
  /** Where the finished file goes. */
  readonly dest: string;
  /** The file's name in messages (`onnx/model_q4.onnx`). */
  readonly label: string;
  /** The size the Hub lists; null when it did not say (then Content-Length decides). */
  readonly expectedSize: number | null;
  readonly progress: FileProgress;
}

/** `skipped`: already complete; `resumed`: continued a `.part`; `downloaded`: fetched from zero. */
export type FileOutcome = 'skipped' | 'downloaded' | 'resumed';

export interface FileResult {
  readonly outcome: FileOutcome;
  /** Bytes that came over the network this time. */
  readonly fetched: number;
}

/** The size of a file, or null when there is none. */
export async function sizeOnDisk(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** The whole file's size from a 200 (Content-Length) or 206 (`Content-Range: bytes a-b/N`). */
function totalSize(response: Response): number | null {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range?.[1] !== undefined) return Number(range[1]);
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? Number(length) : null;
}

/** Whether a 206 continues exactly where the part ends. */
function continuesAt(response: Response, offset: number): boolean {
  return response.status === 206 && new RegExp(`^bytes ${offset}-`).test(response.headers.get('content-range') ?? '');
}

/** Writes the body to `part` (appending or not); returns the part's size afterwards. */
async function writeBody(request: FileRequest, response: Response, part: string, offset: number, total: number | null): Promise<number> {
  let written = offset;
  const disk = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (errnoCode(error) === 'ENOSPC') throw diskFullError(request.dest, total === null ? null : total - written);
      throw error;
    }
  };
  const handle = await disk(() => open(part, offset > 0 ? 'a' : 'w'));
  try {
    const reader = response.body?.getReader();
    for (;;) {
      if (reader === undefined) break;
      const chunk = await reader.read().catch((error: unknown) => {
        throw interruptedError(request.label, written, total, error);
      });
      if (chunk.done) break;
      await disk(() => handle.write(chunk.value));
      written += chunk.value.length;
      request.progress.update(written, total);
    }
  } finally {
    await disk(() => handle.close());
  }
  return written;
}

async function download(request: FileRequest, part: string, offset: number): Promise<FileResult> {
  const response = await hubRequest(request.url, offset > 0 ? { headers: { Range: `bytes=${offset}-` } } : {});
  const host = new URL(request.url).origin;
  if (offset > 0 && (response.status === 416 || (response.status === 206 && !continuesAt(response, offset)))) {
    // The part does not fit the file the server has now (it changed, or the part is too long).
    await response.body?.cancel();
    await rm(part, { force: true });
    return download(request, part, 0);
  }
  if (response.status === 401 || response.status === 403) {
    throw new HubError('server', `${host} refused ${request.label} (${response.status}): the model is gated or private, and this command does not log in. Pick another model.`);
  }
  if (response.status === 404) {
    throw new HubError('missing-file', `${request.label} was listed, but ${host} answered 404 for it. Run the same command again; if it persists the repository has changed.`);
  }
  if (!response.ok) {
    throw new HubError('server', `${host} answered ${response.status} ${response.statusText} for ${request.label}. Try again later.`);
  }
  // A 200 to a Range request is the whole file: start over.
  const start = response.status === 206 ? offset : 0;
  const total = request.expectedSize ?? totalSize(response);
  const written = await writeBody(request, response, part, start, total);
  if (total !== null && written < total) {
    throw interruptedError(request.label, written, total, new Error('the server ended the response early'));
  }
  if (total !== null && written > total) {
    await rm(part, { force: true });
    throw new HubError('size-mismatch', `${request.label} came to ${written} bytes, but the Hub lists ${total}. The partial file was deleted; run the same command again.`);
  }
  await rename(part, request.dest);
  request.progress.finish(written, total, start > 0 ? 'resumed' : 'done');
  return { outcome: start > 0 ? 'resumed' : 'downloaded', fetched: written - start };
}

/** Downloads `request.url` to `request.dest`, resuming a `.part` left by an earlier run. */
export async function fetchFile(request: FileRequest): Promise<FileResult> {
  const existing = await sizeOnDisk(request.dest);
  if (existing !== null && (request.expectedSize === null || existing === request.expectedSize)) {
    request.progress.finish(existing, existing, 'already there');
    return { outcome: 'skipped', fetched: 0 };
  }
  await mkdir(path.dirname(request.dest), { recursive: true });
  const part = `${request.dest}.part`;
  let offset = (await sizeOnDisk(part)) ?? 0;
  if (request.expectedSize !== null && offset > request.expectedSize) {
    await rm(part);
    offset = 0;
  }
  if (offset > 0 && offset === request.expectedSize) {
    // The last run got every byte but stopped before the rename.
    await rename(part, request.dest);
    request.progress.finish(offset, offset, 'done');
    return { outcome: 'resumed', fetched: 0 };
  }
  try {
    return await download(request, part, offset);
  } catch (error) {
    request.progress.fail();
    throw error;
  }
}
