import { describe, expect, it } from 'vitest';
import { createRecordingCache } from './recording-cache.ts';

/**
 * A Cache Storage with one cache that, like the browser's, reads a put's whole body before it
 * stores it, fails once `capacity` entries are stored, and holds every put until `release()`
 * when `held` (to see what waits for a put and what does not).
 */
function fakeStorage(capacity: number, { held = false } = {}) {
  const entries = new Map<string, { body: Uint8Array; headers: Headers }>();
  const puts: string[] = [];
  let release: () => void = () => undefined;
  const gate = held ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const cache = {
    match: (request: RequestInfo | URL) => {
      const entry = entries.get(String(request));
      return Promise.resolve(entry ? new Response(entry.body.slice(), { headers: entry.headers }) : undefined);
    },
    put: async (request: RequestInfo | URL, response: Response) => {
      puts.push(String(request));
      const body = new Uint8Array(await response.arrayBuffer());
      await gate;
      if (entries.size >= capacity) throw new DOMException('Quota exceeded', 'QuotaExceededError');
      entries.set(String(request), { body, headers: response.headers });
    },
  } as unknown as Cache;
  return { storage: { open: () => Promise.resolve(cache) }, entries, puts, release: () => release() };
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('createRecordingCache', () => {
  it('stores and finds files, and says so', async () => {
    const { storage } = fakeStorage(10);
    const recording = createRecordingCache('transformers-cache', storage);
    await recording.cache.put('/models/local/gpt2-tiny/config.json', new Response('{}'));
    expect(await recording.takeOutcome()).toBe('stored');
    expect(await (await recording.cache.match('/models/local/gpt2-tiny/config.json'))?.text()).toBe('{}');
  });

  // A full disk must not fail the load: the put is swallowed and the load is marked memory-only.
  it('swallows a refused put and reports memory_only once', async () => {
    const { storage } = fakeStorage(1);
    const recording = createRecordingCache('transformers-cache', storage);
    await recording.cache.put('/a', new Response('a'));
    await expect(recording.cache.put('/b', new Response('b'))).resolves.toBeUndefined();
    expect(await recording.takeOutcome()).toBe('memory_only');
    expect(await recording.takeOutcome(), 'a new record for the next load').toBe('stored');
  });

  it('treats storage that cannot be opened (a private window) as memory_only, without throwing', async () => {
    const recording = createRecordingCache('transformers-cache', { open: () => Promise.reject(new DOMException('blocked', 'SecurityError')) });
    expect(await recording.cache.match('/x')).toBeUndefined();
    await recording.cache.put('/x', new Response('x'));
    expect(await recording.takeOutcome()).toBe('memory_only');
  });

  // Issue 13: transformers.js awaits its put before it creates the session; the write must not hold it.
  it('returns from put before the file is written, and takeOutcome waits for the write', async () => {
    const fake = fakeStorage(10, { held: true });
    const recording = createRecordingCache('transformers-cache', fake.storage);
    await recording.cache.put('/models/local/m/onnx/model.onnx', new Response('weights'));
    expect(fake.entries.size, 'not written yet').toBe(0);
    let outcome: string | null = null;
    const taken = recording.takeOutcome().then((o) => (outcome = o));
    await new Promise((r) => setTimeout(r, 10));
    expect(outcome, 'takeOutcome waits for the running put').toBeNull();
    fake.release();
    await taken;
    expect(outcome).toBe('stored');
    expect(text(fake.entries.get('/models/local/m/onnx/model.onnx')?.body)).toBe('weights');
  });

  it('tells the observer when each put ends and whether it stored', async () => {
    const fake = fakeStorage(1);
    const ended: [string, boolean][] = [];
    let clock = 0;
    const recording = createRecordingCache('transformers-cache', fake.storage, (request, startedAt, endedAt, stored) => {
      expect(endedAt).toBeGreaterThan(startedAt);
      ended.push([request, stored]);
    }, () => clock++);
    await recording.cache.put('/a', new Response('a'));
    await recording.cache.put('/b', new Response('b'));
    await recording.takeOutcome();
    expect(ended).toEqual([['/a', true], ['/b', false]]);
  });
});
