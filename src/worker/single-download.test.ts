import { describe, expect, it } from 'vitest';
import { toWorkerError } from './errors.ts';
import { createSingleDownloads } from './single-download.ts';

/** A network that counts requests per URL and answers `body` (gzipped-like: no Content-Length). */
function countingNetwork(body = 'weights') {
  const calls: { url: string; range: string | null; cache: RequestCache | undefined }[] = [];
  const fetch = async (input: string | URL, init?: RequestInit) => {
    calls.push({ url: String(input), range: new Headers(init?.headers).get('range'), cache: init?.cache });
    return new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  };
  return { calls, fetch };
}

describe('createSingleDownloads', () => {
  // transformers.js's metadata read (headers only) and its real read of the same file at once: one request.
  it('answers a second request for a file from the first, and the body goes to whoever reads it', async () => {
    const network = countingNetwork();
    const downloads = createSingleDownloads();
    const fetch = downloads.wrap(network.fetch);
    downloads.begin();
    const metadata = await fetch('/models/local/gpt2-tiny/onnx/model.onnx', { headers: new Headers() });
    const load = await fetch('/models/local/gpt2-tiny/onnx/model.onnx', { headers: new Headers() });
    expect(metadata.status).toBe(200);
    expect(metadata.headers.get('content-type')).toBe('application/octet-stream');
    expect(await load.text()).toBe('weights');
    expect(network.calls).toHaveLength(1);
    downloads.end();
  });

  // A Hub file's size probe (`Range: bytes=0-0`, no-store) is answered by the one whole GET the load makes.
  it('turns a first-byte probe into the whole file, shared with the load', async () => {
    const network = countingNetwork('0123456789');
    const downloads = createSingleDownloads();
    const fetch = downloads.wrap(network.fetch);
    downloads.begin();
    const url = 'https://hub.example/o/m/resolve/main/onnx/model.onnx';
    const probe = await fetch(url, { method: 'GET', headers: { Range: 'bytes=0-0' }, cache: 'no-store' });
    await probe.body?.cancel();
    const load = await fetch(url, { headers: new Headers() });
    expect(await load.text()).toBe('0123456789');
    expect(network.calls).toEqual([{ url, range: null, cache: undefined }]);
  });

  it('makes a new request when the body was read already, and after the load ends', async () => {
    const network = countingNetwork('abc');
    const downloads = createSingleDownloads();
    const fetch = downloads.wrap(network.fetch);
    downloads.begin();
    expect(await (await fetch('/x')).text()).toBe('abc');
    expect(await (await fetch('/x')).text()).toBe('abc');
    expect(network.calls).toHaveLength(2);
    downloads.end();
    downloads.begin();
    await (await fetch('/x')).text();
    expect(network.calls).toHaveLength(3);
  });

  it('gives the body to one of two copies read at once, and a request of its own to the other', async () => {
    const network = countingNetwork('abc');
    const downloads = createSingleDownloads();
    const fetch = downloads.wrap(network.fetch);
    downloads.begin();
    const [a, b] = await Promise.all([fetch('/x'), fetch('/x')]);
    expect(network.calls).toHaveLength(1);
    expect(await Promise.all([a.text(), b.text()])).toEqual(['abc', 'abc']);
    expect(network.calls).toHaveLength(2);
  });

  it('passes other requests (a real range, a POST) straight through', async () => {
    const network = countingNetwork();
    const fetch = createSingleDownloads().wrap(network.fetch);
    await fetch('/x', { headers: { Range: 'bytes=10-20' } });
    await fetch('/x', { headers: { Range: 'bytes=10-20' } });
    await fetch('/x', { method: 'POST' });
    expect(network.calls).toHaveLength(3);
  });

  it('does not share a request that failed', async () => {
    let attempts = 0;
    const fetch = createSingleDownloads().wrap(async () => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('Failed to fetch');
      return new Response('ok');
    });
    await expect(fetch('/x')).rejects.toThrow('Failed to fetch');
    expect(await (await fetch('/x')).text()).toBe('ok');
  });

  // A body that breaks off part way names the file and keeps the browser's words.
  it('fails a body that breaks off with file_download_failed, the file and the browser’s words', async () => {
    const fetch = createSingleDownloads().wrap(async () => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array([1, 2, 3]));
          controller.error(new TypeError('network error'));
        },
      });
      return new Response(body);
    });
    const response = await fetch('/models/local/gpt2-tiny/onnx/model.onnx');
    const error = await response.arrayBuffer().then(
      () => null,
      (e: unknown) => e,
    );
    expect(toWorkerError(error)).toMatchObject({
      code: 'file_download_failed',
      params: { value: 'onnx/model.onnx' },
      detail: expect.stringMatching(/\/models\/local\/gpt2-tiny\/onnx\/model\.onnx: TypeError: network error$/),
    });
  });
});
