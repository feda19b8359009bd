/**
 * The copies of model files transformers.js keeps in the browser's Cache Storage. A damaged file
 * that got stored there would fail every later load, so a load that finds a damaged model removes
 * that model's stored files and the next Load fetches them again.
 */

/**
 * The Cache Storage name model files are stored under: the worker's recording cache writes there
 * (transformers.js's own default, `env.cacheKey`, is the same name), the page reads and deletes
 * there. Defined here only.
 */
export const MODEL_CACHE_NAME = 'transformers-cache';

/** The part of `CacheStorage` this needs, so tests can pass a fake. */
export interface CacheStorageLike {
  has(name: string): Promise<boolean>;
  open(name: string): Promise<Pick<Cache, 'keys' | 'delete'>>;
}

/**
 * Whether a stored request belongs to `modelId`: served by the app (`/models/<id>/…`) or by a
 * Hub-like host (`/<id>/resolve/<revision>/…`).
 */
export function isFileOfModel(url: string, modelId: string): boolean {
  const { pathname } = new URL(url, 'http://local.invalid');
  const id = modelId.split('/').map(encodeURIComponent).join('/');
  return pathname.includes(`/models/${id}/`) || pathname.startsWith(`/${id}/resolve/`) || pathname.includes(`/${id}/resolve/`);
}

/** Deletes every stored file of `modelId` from the cache `cacheName` of `storage` (undefined where the context has none); returns how many. Never throws. */
export async function forgetModelFiles(modelId: string, cacheName: string, storage: CacheStorageLike | undefined): Promise<number> {
  try {
    if (!storage || !(await storage.has(cacheName))) return 0;
    const cache = await storage.open(cacheName);
    const stale = (await cache.keys()).filter((request) => isFileOfModel(request.url, modelId));
    const deleted = await Promise.all(stale.map((request) => cache.delete(request)));
    return deleted.filter(Boolean).length;
  } catch {
    // Storage blocked (private window, iframe): nothing was stored, so nothing can be stale.
    return 0;
  }
}
