import { describe, expect, it } from 'vitest';
import { createRecordingCache } from './recording-cache.ts';

/** A Cache Storage with one cache whose `put` fails once `capacity` entries are stored. */
function storageWithCapacity(capacity: number): Pick<CacheStorage, 'open'> {
  const entries = new Map<string, Response>();
  const cache = {
    match: (request: RequestInfo | URL) => Promise.resolve(entries.get(String(request))),
    put: (request: RequestInfo | URL, response: Response) => {
      if (entries.size >= capacity) return Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'));
      entries.set(String(request), response);
      return Promise.resolve();
    },
  } as unknown as Cache;
  return { open: () => Promise.resolve(cache) };
}

describe('createRecordingCache', () => {
  it('stores and finds files, and says so', async () => {
    const recording = createRecordingCache('transformers-cache', storageWithCapacity(10));
    await recording.cache.put('/models/local/gpt2-tiny/config.json', new Response('{}'));
    expect(await (await recording.cache.match('/models/local/gpt2-tiny/config.json'))?.text()).toBe('{}');
    expect(recording.takeOutcome()).toBe('stored');
  });

  // A full disk must not fail the load: the put is swallowed and the load is marked memory-only.
  it('swallows a refused put and reports memory_only once', async () => {
    const recording = createRecordingCache('transformers-cache', storageWithCapacity(1));
    await recording.cache.put('/a', new Response('a'));
    await expect(recording.cache.put('/b', new Response('b'))).resolves.toBeUndefined();
    expect(recording.takeOutcome()).toBe('memory_only');
    expect(recording.takeOutcome(), 'a new record for the next load').toBe('stored');
  });

  it('treats storage that cannot be opened (a private window) as memory_only, without throwing', async () => {
    const recording = createRecordingCache('transformers-cache', { open: () => Promise.reject(new DOMException('blocked', 'SecurityError')) });
    expect(await recording.cache.match('/x')).toBeUndefined();
    await recording.cache.put('/x', new Response('x'));
    expect(recording.takeOutcome()).toBe('memory_only');
  });
});
