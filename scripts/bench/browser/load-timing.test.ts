import { describe, expect, it } from 'vitest';
import { createRecordingCache } from '../../../src/worker/recording-cache.ts';
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

  // The recorder once piped every body at once: it took the shared download (single-download.ts)
  // from transformers.js's metadata read, and the real read asked again and waited ~20 s.
  it('leaves a body nobody reads untouched', async () => {
    const recorder = new LoadRecorder(clock().now);
    recorder.reset();
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({ pull: (c) => void (pulls++, c.enqueue(new Uint8Array(4)), c.close()) }, { highWaterMark: 0 });
    const response = await recorder.fetch(async () => new Response(source))('/m/onnx/model.onnx');
    await new Promise((r) => setTimeout(r, 20));
    expect(response.status).toBe(200);
    expect(pulls).toBe(0);
    expect((await response.arrayBuffer()).byteLength).toBe(4);
    expect(pulls).toBe(1);
  });

  it('times the cache put against the file that was fetched, and marks cache hits', async () => {
    const time = clock();
    const recorder = new LoadRecorder(time.now);
    recorder.reset();
    const stored = new Map<string, Response>();
    const storage = {
      open: async () =>
        ({
          match: async (key: string) => stored.get(key)?.clone(),
          put: async (key: string, response: Response) => {
            time.advance(30);
            stored.set(key, new Response(await response.text()));
          },
        }) as unknown as Cache,
    };
    // The app's recording cache, with the recorder told when each put ends.
    const recording = createRecordingCache('bench', storage, recorder.putObserver(), time.now);
    const cache = recorder.cache(recording.cache);
    const fetch = recorder.fetch(async () => new Response('abc'));
    expect(await cache.match('/models/x/config.json')).toBeUndefined();
    const response = await fetch('/models/x/config.json');
    await response.text();
    await cache.put('/models/x/config.json', new Response('abc'));
    expect(await recording.takeOutcome()).toBe('stored');
    const hit = await cache.match('/models/x/config.json');
    expect(await hit?.text()).toBe('abc');
    const files = recorder.timings();
    expect(files.map((f) => [f.source, f.bytes, f.cachePutMs])).toEqual([
      ['network', 3, 30],
      ['cache', 3, null],
    ]);
  });
});
