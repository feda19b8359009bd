/**
 * Random access to a file's bytes, wherever the file is: a buffer, a `Blob`/`File` in the page, an
 * HTTP URL read with Range requests, or a file on disk (scripts/convert/node-files.ts). The readers
 * of safetensors and PyTorch files only ever ask for byte ranges, so a checkpoint is never held whole.
 */
import { ConvertError, truncatedError } from './errors.ts';

export interface ByteSource {
  /** The file's name in messages (`model.safetensors`). */
  readonly name: string;
  readonly size: number;
  /** `length` bytes from `offset`; throws a `ConvertError` when the file is shorter. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

function checkRange(source: { name: string; size: number }, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new ConvertError('damaged-file', `${source.name}: asked for ${length} bytes at ${offset}; the file's index is damaged.`);
  }
  if (offset + length > source.size) throw truncatedError(source.name, offset + length, source.size);
}

/** A source over bytes already in memory (tests, small files). */
export function bufferSource(name: string, bytes: Uint8Array): ByteSource {
  const file = { name, size: bytes.byteLength };
  return {
    ...file,
    read(offset, length) {
      checkRange(file, offset, length);
      return Promise.resolve(bytes.subarray(offset, offset + length));
    },
  };
}

/** A source over a `Blob` or `File` (a folder the user picked in the page). */
export function blobSource(name: string, blob: Blob): ByteSource {
  const file = { name, size: blob.size };
  return {
    ...file,
    async read(offset, length) {
      checkRange(file, offset, length);
      return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
    },
  };
}

/** The whole size from a 206's `Content-Range: bytes a-b/N`. */
function rangeTotal(response: Response): number | null {
  const match = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * A source over an HTTP URL that answers Range requests (the Hub's `resolve/` URLs do). One request
 * per read; the size comes from a first one-byte request, which also proves ranges work.
 */
export async function httpSource(name: string, url: string, fetchImpl: typeof fetch = fetch): Promise<ByteSource> {
  const probe = await fetchImpl(url, { headers: { Range: 'bytes=0-0', 'Accept-Encoding': 'identity' } });
  await probe.body?.cancel();
  if (!probe.ok) throw new ConvertError('missing-weights', `${name}: the server answered ${probe.status} for ${url}.`);
  const size = probe.status === 206 ? rangeTotal(probe) : null;
  if (size === null) {
    throw new ConvertError('missing-weights', `${name}: ${new URL(url).origin} does not serve byte ranges, so the checkpoint cannot be streamed. Download it first.`);
  }
  const file = { name, size };
  return {
    ...file,
    async read(offset, length) {
      checkRange(file, offset, length);
      if (length === 0) return new Uint8Array(0);
      const response = await fetchImpl(url, { headers: { Range: `bytes=${offset}-${offset + length - 1}`, 'Accept-Encoding': 'identity' } });
      if (response.status !== 206) {
        await response.body?.cancel();
        throw new ConvertError('missing-weights', `${name}: asked for bytes ${offset}-${offset + length - 1}, the server answered ${response.status}.`);
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength !== length) throw truncatedError(name, offset + length, offset + bytes.byteLength);
      return bytes;
    },
  };
}
