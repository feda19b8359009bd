import { describe, expect, it } from 'vitest';
import { createLruCache, suggestionKey, type LruRemovalReason } from './lru-cache.ts';

describe('createLruCache', () => {
  it('evicts the least recently set entry when full', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.keys()).toEqual(['b', 'c']);
    expect(cache.has('a')).toBe(false);
    expect(cache.stats().evictions).toBe(1);
  });

  it('lets get refresh recency, so the entry read last survives', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.keys()).toEqual(['a', 'c']);
  });

  it('does not refresh recency on has: a peek must not keep an entry alive', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.has('a')).toBe(true);
    cache.set('c', 3);
    expect(cache.keys()).toEqual(['b', 'c']);
  });

  it('refreshes an entry that is set again, without evicting anything', () => {
    const cache = createLruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(cache.get('a')).toBe(10);
    expect(cache.stats().evictions).toBe(1);
  });

  it('counts hits, misses and the hit rate of get only', () => {
    const cache = createLruCache<string, number>(3);
    expect(cache.stats().hitRate).toBe(0);
    cache.set('a', 1);
    cache.get('a');
    cache.get('a');
    cache.get('a');
    cache.get('x');
    cache.has('x');
    expect(cache.stats()).toEqual({ size: 1, capacity: 3, hits: 3, misses: 1, hitRate: 0.75, evictions: 0 });
  });

  it('counts a cached undefined as a hit', () => {
    const cache = createLruCache<string, undefined>(1);
    cache.set('a', undefined);
    cache.get('a');
    expect(cache.stats().hits).toBe(1);
  });

  it('deletes and clears without counting evictions, and keeps the counters', () => {
    const cache = createLruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    expect(cache.delete('a')).toBe(true);
    expect(cache.delete('a')).toBe(false);
    cache.clear();
    expect(cache.stats()).toMatchObject({ size: 0, hits: 1, evictions: 0 });
    expect(cache.get('b')).toBeUndefined();
  });

  it('reports every removal with its reason, so held tensors can be freed', () => {
    const removed: [string, number, LruRemovalReason][] = [];
    const cache = createLruCache<string, number>(2, { onRemove: (key, value, reason) => removed.push([key, value, reason]) });
    cache.set('a', 1);
    cache.set('a', 1); // same value: nothing to free
    cache.set('a', 2);
    cache.set('b', 3);
    cache.set('c', 4);
    cache.delete('b');
    cache.clear();
    expect(removed).toEqual([
      ['a', 1, 'replaced'],
      ['a', 2, 'evicted'],
      ['b', 3, 'deleted'],
      ['c', 4, 'cleared'],
    ]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => createLruCache(0)).toThrow(RangeError);
    expect(() => createLruCache(1.5)).toThrow(RangeError);
  });
});

describe('suggestionKey', () => {
  const parts = {
    modelId: 'gpt2',
    dtype: 'q8',
    backend: 'wasm',
    settings: { temperature: 0.7, topK: 40, greedy: false },
    text: 'Once upon a',
  };

  it('does not depend on the order of the settings keys', () => {
    const reordered = { ...parts, settings: { greedy: false, topK: 40, temperature: 0.7 } };
    expect(suggestionKey(reordered)).toBe(suggestionKey(parts));
    expect(suggestionKey(parts)).toBe(
      '["gpt2","q8","wasm",[["greedy",false],["temperature","0.7"],["topK","40"]],"Once upon a"]',
    );
  });

  it('changes with every part', () => {
    const base = suggestionKey(parts);
    expect(suggestionKey({ ...parts, modelId: 'distilgpt2' })).not.toBe(base);
    expect(suggestionKey({ ...parts, dtype: 'fp32' })).not.toBe(base);
    expect(suggestionKey({ ...parts, backend: 'webgpu' })).not.toBe(base);
    expect(suggestionKey({ ...parts, settings: { ...parts.settings, topK: 41 } })).not.toBe(base);
    expect(suggestionKey({ ...parts, text: 'Once upon a ' })).not.toBe(base);
  });

  it('cannot be forged by separators in the text', () => {
    // With naive joining, ("a|b", "c") and ("a", "b|c") would give the same key.
    const a = suggestionKey({ ...parts, modelId: 'a","b', text: 'c' });
    const b = suggestionKey({ ...parts, modelId: 'a', text: 'b","c' });
    expect(a).not.toBe(b);
  });

  it('keeps NaN and Infinity apart, which JSON would both write as null', () => {
    const nan = suggestionKey({ ...parts, settings: { maxNewTokens: Number.NaN } });
    const infinity = suggestionKey({ ...parts, settings: { maxNewTokens: Infinity } });
    expect(nan).not.toBe(infinity);
  });
});
