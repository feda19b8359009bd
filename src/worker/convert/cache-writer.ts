/**
 * A `ModelWriter` into the browser's Cache Storage, under the URLs transformers.js asks its cache
 * for first (`/models/<id>/<file>` on the app's origin, its "local path"), so a plain Load of the
 * same id finds the converted model there, online or offline, from the Hub or a mirror, and the
 * storage panel lists it with the other stored models (engine/stored-files.ts reads those URLs).
 *
 * Each file is gathered as a Blob (blob-writer.ts: a few megabytes of heap at a time) and stored
 * when it is complete, with its `content-length`: transformers.js reads a cached file into a buffer
 * of that size (without it, it would grow the buffer chunk by chunk and ask the network for the
 * size). The converter writes config.json last, so until then the model is not loadable; `abort`
 * deletes what was stored.
 */
import type { ModelWriter } from '../../convert/convert.ts';
import { ConvertError } from '../../convert/errors.ts';
import { blobWriter } from './blob-writer.ts';

/** The part of `Cache` the writer uses. */
export type CacheLike = Pick<Cache, 'put' | 'delete'>;

export interface CacheWriter extends ModelWriter {
  /** Where each file went, in the order written. */
  readonly stored: readonly { readonly path: string; readonly url: string; readonly bytes: number }[];
  /** Deletes every file stored so far (a failed or cancelled conversion leaves nothing behind). */
  abort(): Promise<void>;
}

/** `<origin>/models/<id>/<file>`: the URL a load of `modelId` asks the cache for. */
export function storedModelUrl(origin: string, modelId: string, file: string): string {
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  return new URL(`/models/${encode(modelId)}/${encode(file)}`, origin).href;
}

/**
 * Stores `modelId`'s converted files in `cache`.
 * @param origin - The app's origin (`self.location.origin` in the worker).
 */
export function cacheWriter(cache: CacheLike, origin: string, modelId: string): CacheWriter {
  const stored: { path: string; url: string; bytes: number }[] = [];
  const writer = blobWriter(async (path, blob) => {
    const url = storedModelUrl(origin, modelId, path);
    try {
      await cache.put(url, new Response(blob, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) } }));
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new ConvertError('write-failed', `The browser did not store ${path} (${reason}). Free some space under "Offline use", or pick a smaller dtype.`);
    }
    stored.push({ path, url, bytes: blob.size });
  });
  return {
    stored,
    writeText: (path, text) => writer.writeText(path, text),
    create: (path) => writer.create(path),
    async abort() {
      await Promise.all(stored.splice(0).map((f) => cache.delete(f.url).catch(() => false)));
    },
  };
}
