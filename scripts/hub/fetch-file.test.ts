import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchFile, type FileRequest } from './fetch-file.ts';
import { startMockHub, type MockHub } from './mock-hub.ts';
import { fileProgress } from './progress.ts';
import { countingBytes, tempDir, writeRepo } from './testing/fake-repo.ts';

const BLOB = countingBytes(100_000);
let root: string;
let out: string;
let hub: MockHub;

beforeAll(async () => {
  root = tempDir('fetch-root');
  writeRepo(root, 'acme/tiny', { 'config.json': '{}', 'blob.bin': BLOB });
  hub = await startMockHub({ root });
});

beforeEach(() => {
  out = tempDir('fetch-out');
});

afterEach(() => {
  rmSync(out, { recursive: true, force: true });
});

afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

const dest = () => path.join(out, 'blob.bin');

function request(host: string, expectedSize: number | null = BLOB.length): FileRequest {
  return {
    url: `${host}/acme/tiny/resolve/main/blob.bin`,
    dest: dest(),
    label: 'blob.bin',
    expectedSize,
    progress: fileProgress({ write: () => true }, 'blob.bin'),
  };
}

const blobRequests = (server: MockHub) => server.requests.filter((r) => r.path.endsWith('blob.bin'));

describe('fetchFile', () => {
  it('downloads into place through a .part file', async () => {
    expect(await fetchFile(request(hub.url))).toEqual({ outcome: 'downloaded', fetched: 100_000 });
    expect(readFileSync(dest()).equals(BLOB)).toBe(true);
    expect(existsSync(`${dest()}.part`)).toBe(false);
  });

  it('skips a file whose size already matches, without a request', async () => {
    writeFileSync(dest(), BLOB);
    const before = hub.requests.length;
    expect(await fetchFile(request(hub.url))).toEqual({ outcome: 'skipped', fetched: 0 });
    expect(hub.requests.length).toBe(before);
  });

  it('fails on a dropped connection, keeping the bytes, and a rerun asks only for the rest', async () => {
    const cutting = await startMockHub({ root, cutAfterBytes: 30_000 });
    await expect(fetchFile(request(cutting.url))).rejects.toThrow(/^The download of blob\.bin was interrupted \(.+\) after 0\.0 MB of 0\.1 MB\. Run the same command again to resume it\.$/);
    await cutting.close();
    const saved = readFileSync(`${dest()}.part`).length;
    expect(saved).toBeGreaterThan(0);
    expect(readFileSync(`${dest()}.part`).equals(BLOB.subarray(0, saved))).toBe(true);

    const before = blobRequests(hub).length;
    expect(await fetchFile(request(hub.url))).toEqual({ outcome: 'resumed', fetched: BLOB.length - saved });
    expect(blobRequests(hub).slice(before).map((r) => r.range)).toEqual([`bytes=${saved}-`]);
    expect(readFileSync(dest()).equals(BLOB)).toBe(true);
  });

  it('starts over when the server answers a Range request with the whole file (200)', async () => {
    const noRanges = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': BLOB.length });
      res.end(BLOB);
    });
    await new Promise<void>((resolve) => noRanges.listen(0, '127.0.0.1', resolve));
    try {
      writeFileSync(`${dest()}.part`, Buffer.alloc(500, 7));
      const { port } = noRanges.address() as AddressInfo;
      expect(await fetchFile(request(`http://127.0.0.1:${port}`))).toEqual({ outcome: 'downloaded', fetched: 100_000 });
      expect(readFileSync(dest()).equals(BLOB)).toBe(true);
    } finally {
      noRanges.close();
    }
  });

  it('drops a .part longer than the file and downloads from zero', async () => {
    writeFileSync(`${dest()}.part`, Buffer.alloc(BLOB.length + 1));
    expect(await fetchFile(request(hub.url))).toEqual({ outcome: 'downloaded', fetched: 100_000 });
    expect(readFileSync(dest()).equals(BLOB)).toBe(true);
  });

  it('renames a .part that is already complete, without a request', async () => {
    writeFileSync(`${dest()}.part`, BLOB);
    const before = hub.requests.length;
    expect(await fetchFile(request(hub.url))).toEqual({ outcome: 'resumed', fetched: 0 });
    expect(hub.requests.length).toBe(before);
    expect(readFileSync(dest()).equals(BLOB)).toBe(true);
  });

  it('refuses a file longer than the listed size and deletes the part', async () => {
    await expect(fetchFile(request(hub.url, 90_000))).rejects.toThrow(
      'blob.bin came to 100000 bytes, but the Hub lists 90000. The partial file was deleted; run the same command again.',
    );
    expect(existsSync(`${dest()}.part`)).toBe(false);
    expect(existsSync(dest())).toBe(false);
  });

  it('keeps a file shorter than the listed size as a part to resume', async () => {
    await expect(fetchFile(request(hub.url, 120_000))).rejects.toThrow('interrupted (the server ended the response early)');
    expect(readFileSync(`${dest()}.part`).length).toBe(100_000);
    expect(existsSync(dest())).toBe(false);
  });

  it('says when a listed file is gone from the server', async () => {
    const gone = { ...request(hub.url), url: `${hub.url}/acme/tiny/resolve/main/gone.bin`, label: 'gone.bin' };
    await expect(fetchFile(gone)).rejects.toThrow(`gone.bin was listed, but ${hub.url} answered 404 for it.`);
  });

  it('takes the size from Content-Length when the Hub listed none', async () => {
    expect(await fetchFile(request(hub.url, null))).toEqual({ outcome: 'downloaded', fetched: 100_000 });
  });
});
