import { describe, expect, it } from 'vitest';
import { LoadRecorder } from './load-timing.ts';

/** A clock the test moves by hand. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('LoadRecorder', () => {
  it('counts the bytes and chunks transformers.js reads and keeps the response’s headers, status and body intact', async () => {
    const time = clock();
    const recorder = new LoadRecorder(time.now);
    recorder.reset();
    const body = new Uint8Array([1, 2, 3, 4, 5]);
    const fetch = recorder.fetch(async () => {
      time.advance(7);
      return new Response(body, { status: 200, headers: { 'content-length': '5' } });
    });
    const response = await fetch('/models/local/m/onnx/model.onnx');
    expect(response.status).toBe(200);
    expect(response instanceof Response).toBe(true);
    expect(response.headers.get('content-length')).toBe('5');
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
    const [file] = recorder.timings();
    expect(file).toMatchObject({ url: '/models/local/m/onnx/model.onnx', source: 'network', headersMs: 7, bytes: 5, contentLength: 5, contentEncoding: null, cachePutMs: null });
  });

  it('times the cache put against the file that was fetched, and marks cache hits', async () => {
    const time = clock();
    const recorder = new LoadRecorder(time.now);
    recorder.reset();
    const stored = new Map<string, Response>();
    const cache = recorder.cache({
      match: async (key) => stored.get(key),
      put: async (key, response) => {
        time.advance(30);
        stored.set(key, response);
      },
    });
    const fetch = recorder.fetch(async () => new Response('abc'));
    expect(await cache.match('/models/x/config.json')).toBeUndefined();
    const response = await fetch('/models/x/config.json');
    await response.text();
    await cache.put('/models/x/config.json', new Response('abc'));
    const hit = await cache.match('/models/x/config.json');
    expect(await hit?.text()).toBe('abc');
    const files = recorder.timings();
    expect(files.map((f) => [f.source, f.bytes, f.cachePutMs])).toEqual([
      ['network', 3, 30],
      ['cache', 3, null],
    ]);
  });
});
