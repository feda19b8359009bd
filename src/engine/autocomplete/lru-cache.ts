/**
 * A least-recently-used cache for autocomplete suggestions (and, later, KV caches of prompts).
 * A `Map` keeps insertion order, so moving an entry to the end on every use makes the first key
 * the least recently used one: no linked list needed.
 */

/** Why an entry left the cache, for callers that must free what it holds (a tensor, say). */
export type LruRemovalReason = 'evicted' | 'replaced' | 'deleted' | 'cleared';

/** Counters since the cache was made. */
export interface LruStats {
  readonly size: number;
  readonly capacity: number;
  /** {@link LruCache.get} calls that found their key. */
  readonly hits: number;
  /** {@link LruCache.get} calls that did not. */
  readonly misses: number;
  /** hits / (hits + misses); `0` before the first lookup, not NaN. */
  readonly hitRate: number;
  /** Entries pushed out because the cache was full (not deletes, clears or replacements). */
  readonly evictions: number;
}

/** A map of at most `capacity` entries that drops the least recently used one when full. */
export interface LruCache<K, V> {
  /** The value for `key`, marking it most recently used; counts a hit or a miss. */
  get(key: K): V | undefined;
  /** Stores `value` as the most recently used entry, evicting the least recently used if full. */
  set(key: K, value: V): void;
  /** Whether `key` is cached. Changes neither recency nor the hit counters: it is a peek. */
  has(key: K): boolean;
  /** Removes `key`; returns whether it was there. */
  delete(key: K): boolean;
  /** Removes every entry; the counters keep running. */
  clear(): void;
  /** The keys, least recently used first: the next one to be evicted is `keys()[0]`. */
  keys(): K[];
  stats(): LruStats;
}

/** Options of {@link createLruCache}. */
export interface LruCacheOptions<K, V> {
  /** Called for every entry that leaves the cache, after it has left. */
  readonly onRemove?: (key: K, value: V, reason: LruRemovalReason) => void;
}

/**
 * Makes an empty {@link LruCache}.
 *
 * @throws RangeError when `capacity` is not a positive integer: a cache of 0 would evict every
 *   entry it is given, which is never what the caller meant.
 */
export function createLruCache<K, V>(capacity: number, options: LruCacheOptions<K, V> = {}): LruCache<K, V> {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new RangeError(`An LRU cache holds a positive whole number of entries; got ${capacity}.`);
  }
  const { onRemove } = options;
  const entries = new Map<K, V>();
  let hits = 0;
  let misses = 0;
  let evictions = 0;

  return {
    get(key) {
      // has() first: a cached `undefined` is still a hit.
      if (!entries.has(key)) {
        misses += 1;
        return undefined;
      }
      hits += 1;
      const value = entries.get(key) as V;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },
    set(key, value) {
      const had = entries.has(key);
      const previous = entries.get(key);
      entries.delete(key);
      entries.set(key, value);
      if (had && previous !== value) onRemove?.(key, previous as V, 'replaced');
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done) return;
        const evicted = entries.get(oldest.value) as V;
        entries.delete(oldest.value);
        evictions += 1;
        onRemove?.(oldest.value, evicted, 'evicted');
      }
    },
    has: (key) => entries.has(key),
    delete(key) {
      if (!entries.has(key)) return false;
      const value = entries.get(key) as V;
      entries.delete(key);
      onRemove?.(key, value, 'deleted');
      return true;
    },
    clear() {
      const removed = [...entries];
      entries.clear();
      for (const [key, value] of removed) onRemove?.(key, value, 'cleared');
    },
    keys: () => [...entries.keys()],
    stats() {
      const lookups = hits + misses;
      return { size: entries.size, capacity, hits, misses, hitRate: lookups === 0 ? 0 : hits / lookups, evictions };
    },
  };
}

/** What decides a suggestion: the same parts give the same text, so they make its cache key. */
export interface SuggestionKeyParts {
  readonly modelId: string;
  readonly dtype: string;
  readonly backend: string;
  /** Sampling and length settings; their order does not matter. */
  readonly settings: Readonly<Record<string, number | boolean>>;
  /** The text before the cursor. */
  readonly text: string;
}

/**
 * A cache key for a suggestion. Settings are sorted by name, so `{ a, b }` and `{ b, a }` give the
 * same key; the parts are JSON-encoded, so no text (quotes, separators, newlines) can make two
 * different requests collide.
 */
export function suggestionKey(parts: SuggestionKeyParts): string {
  // Code-unit order, not localeCompare: a key must not depend on the browser's locale.
  const settings = Object.entries(parts.settings)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    // String(number), because JSON writes NaN and ±Infinity all as null.
    .map(([name, value]) => [name, typeof value === 'number' ? String(value) : value]);
  return JSON.stringify([parts.modelId, parts.dtype, parts.backend, settings, parts.text]);
}
