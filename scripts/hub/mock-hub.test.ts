import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockHub, type MockHub } from './mock-hub.ts';
import { countingBytes, tempDir, writeRepo } from './testing/fake-repo.ts';

const BLOB = countingBytes(1000);
let root: string;
let hub: MockHub;

beforeAll(async () => {
  root = tempDir('mock');
  writeRepo(root, 'acme/tiny', { 'config.json': '{"model_type":"gpt2"}', 'onnx/model.onnx': BLOB });
  hub = await startMockHub({ root });
});

afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

const file = (name: string) => `${hub.url}/acme/tiny/resolve/main/${name}`;

describe('mock hub files', () => {
  it('serves a file whole with its Content-Length, and records the request', async () => {
    const response = await fetch(file('onnx/model.onnx'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await response.arrayBuffer()).equals(BLOB)).toBe(true);
    expect(hub.requests.at(-1)).toEqual({ method: 'GET', path: '/acme/tiny/resolve/main/onnx/model.onnx', range: undefined });
  });

  it('answers HEAD with the size and no body', async () => {
    const response = await fetch(file('config.json'), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('21');
  });

  it('serves byte ranges with 206 and Content-Range', async () => {
    const open = await fetch(file('onnx/model.onnx'), { headers: { Range: 'bytes=990-' } });
    expect(open.status).toBe(206);
    expect(open.headers.get('content-range')).toBe('bytes 990-999/1000');
    expect([...Buffer.from(await open.arrayBuffer())]).toEqual([222, 223, 224, 225, 226, 227, 228, 229, 230, 231]);
    const closed = await fetch(file('onnx/model.onnx'), { headers: { Range: 'bytes=256-258' } });
    expect([...Buffer.from(await closed.arrayBuffer())]).toEqual([0, 1, 2]);
    expect(hub.requests.at(-1)?.range).toBe('bytes=256-258');
  });

  it('answers 416 for a range past the end', async () => {
    const response = await fetch(file('onnx/model.onnx'), { headers: { Range: 'bytes=1000-' } });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers 404 for unknown ids, unknown files and paths out of the root', async () => {
    const unknownId = await fetch(`${hub.url}/acme/nope/resolve/main/config.json`);
    expect([unknownId.status, unknownId.headers.get('x-error-code')]).toEqual([404, 'RepoNotFound']);
    const unknownFile = await fetch(file('onnx/model_q4.onnx'));
    expect([unknownFile.status, unknownFile.headers.get('x-error-code')]).toEqual([404, 'EntryNotFound']);
    expect((await fetch(file('..%2F..%2Fconfig.json'))).status).toBe(404);
  });
});

// The playground's page runs with COEP require-corp: without these its worker cannot read a byte.
describe('mock hub across origins', () => {
  it('lets a cross-origin page read files and errors, and answers preflights', async () => {
    for (const response of [await fetch(file('config.json')), await fetch(`${hub.url}/acme/nope/resolve/main/config.json`)]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(response.headers.get('access-control-expose-headers')).toContain('Content-Range');
    }
    const preflight = await fetch(file('onnx/model.onnx'), { method: 'OPTIONS', headers: { Origin: 'http://localhost:5174', 'Access-Control-Request-Headers': 'range' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Range');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
  });
});

describe('mock hub API', () => {
  it('lists the files with their sizes, at both API paths', async () => {
    for (const path of ['/api/models/acme/tiny', '/api/models/acme/tiny/revision/main?blobs=true']) {
      const response = await fetch(hub.url + path);
      expect(await response.json()).toEqual({
        id: 'acme/tiny',
        modelId: 'acme/tiny',
        sha: 'mock',
        siblings: [
          { rfilename: 'config.json', size: 21 },
          { rfilename: 'onnx/model.onnx', size: 1000 },
        ],
      });
    }
    expect((await fetch(`${hub.url}/api/models/acme/nope`)).status).toBe(404);
  });

  it('can play a host without the API', async () => {
    const bare = await startMockHub({ root, api: false });
    try {
      expect((await fetch(`${bare.url}/api/models/acme/tiny`)).status).toBe(404);
      expect((await fetch(`${bare.url}/acme/tiny/resolve/main/config.json`)).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

describe('mock hub interruptions', () => {
  it('drops the connection after cutAfterBytes of a body', async () => {
    const cutting = await startMockHub({ root, cutAfterBytes: 300 });
    try {
      const response = await fetch(`${cutting.url}/acme/tiny/resolve/main/onnx/model.onnx`);
      expect(response.headers.get('content-length')).toBe('1000');
      const reader = response.body?.getReader();
      let received = 0;
      const drain = async () => {
        for (;;) {
          const chunk = await reader?.read();
          if (chunk === undefined || chunk.done) return;
          received += chunk.value.length;
        }
      };
      await expect(drain()).rejects.toThrow('terminated');
      expect(received).toBe(300);
    } finally {
      await cutting.close();
    }
  });
});
