/**
 * The cache transformers.js stores downloaded files in (its `env.customCache`): the browser's Cache
 * Storage, as transformers.js would use it, plus a record of what could not be stored. A browser
 * that refuses to store (quota exceeded, a private window) must not stop a model from running: the
 * load goes on from memory, and the page says the files were not kept.
 */
import type { StorageOutcome } from './protocol.ts';

export type { StorageOutcome };

/** The part of the Cache API transformers.js calls. */
export interface TransformersCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

export interface RecordingCache {
  readonly cache: TransformersCache;
  /** What happened since the last call, and starts a new record. */
  takeOutcome(): StorageOutcome;
}

/** `storage` opens caches by name: `globalThis.caches` in a browser. */
export function createRecordingCache(name: string, storage: Pick<CacheStorage, 'open'>): RecordingCache {
  let opened: Promise<Cache> | null = null;
  const open = () => (opened ??= storage.open(name));
  let refused = false;

  const cache: TransformersCache = {
    async match(request) {
      try {
        return await (await open()).match(request);
      } catch {
        refused = true;
        return undefined;
      }
    },
    async put(request, response) {
      try {
        await (await open()).put(request, response);
      } catch {
        // QuotaExceededError, or storage blocked: the file was read already, so the load goes on.
        refused = true;
      }
    },
  };
  return {
    cache,
    takeOutcome() {
      const outcome = refused ? 'memory_only' : 'stored';
      refused = false;
      return outcome;
    },
  };
}
