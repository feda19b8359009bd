/**
 * The cache transformers.js stores downloaded files in (its `env.customCache`): the browser's Cache
 * Storage, as transformers.js would use it, plus a record of what could not be stored. A browser
 * that refuses to store (quota exceeded, a private window) must not stop a model from running: the
 * load goes on from memory, and the page says the files were not kept.
 *
 * Storing is kept off the load's path (issue 13): transformers.js reads a file into one buffer and
 * awaits `put(new Response(buffer))` before it creates the session, so `put` starts the write and
 * returns at once; the write runs while ONNX Runtime creates the session.
 * {@link RecordingCache.takeOutcome} awaits the writes still running, so a refused one is reported.
 * (Storing a download as it is read, from a split of its body, was measured and lost: the split is
 * pumped on the worker's thread, which session creation blocks, so the write took 16 s for GPT-2
 * small's 475 MiB and held the unwritten chunks; docs/speed.md.)
 */
import type { StorageOutcome } from './protocol.ts';

export type { StorageOutcome };

/** The part of the Cache API transformers.js calls. */
export interface TransformersCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

/** A {@link TransformersCache} whose puts run in the background. */
export interface StoringCache extends TransformersCache {
  /** Resolves once every put started so far has ended, stored or refused. */
  settled(): Promise<void>;
}

export interface RecordingCache {
  readonly cache: StoringCache;
  /** Waits for the puts still running, then says what happened since the last call, and starts a new record. */
  takeOutcome(): Promise<StorageOutcome>;
}

/** Told when each put ends (the browser benchmark times them). */
export type PutObserver = (request: string, startedAt: number, endedAt: number, stored: boolean) => void;

/**
 * `storage` opens caches by name: `globalThis.caches` in a browser. `observe` and `now` are for
 * the benchmark's timings.
 */
export function createRecordingCache(name: string, storage: Pick<CacheStorage, 'open'>, observe?: PutObserver, now: () => number = () => performance.now()): RecordingCache {
  let opened: Promise<Cache> | null = null;
  const open = () => (opened ??= storage.open(name));
  let refused = false;
  const running = new Set<Promise<boolean>>();

  /** Starts a put; resolves to whether it stored the file. Never rejects. */
  function startPut(request: string, response: Response): Promise<boolean> {
    const startedAt = now();
    const put = (async () => {
      try {
        await (await open()).put(request, response);
        return true;
      } catch {
        // QuotaExceededError, or storage blocked: the file was read already, so the load goes on.
        refused = true;
        return false;
      }
    })();
    running.add(put);
    void put.then((stored) => {
      running.delete(put);
      observe?.(request, startedAt, now(), stored);
    });
    return put;
  }

  const cache: StoringCache = {
    async match(request) {
      try {
        return await (await open()).match(request);
      } catch {
        refused = true;
        return undefined;
      }
    },
    async put(request, response) {
      void startPut(request, response);
    },
    async settled() {
      while (running.size > 0) await Promise.all(running);
    },
  };
  return {
    cache,
    async takeOutcome() {
      await cache.settled();
      const outcome = refused ? 'memory_only' : 'stored';
      refused = false;
      return outcome;
    },
  };
}
