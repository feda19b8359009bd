/**
 * A local stand-in for the Hugging Face Hub, for tests: serves the model folders under `root`
 * (`<root>/<id>/…`) as the Hub does, with no network.
 *
 *   GET|HEAD /<id>/resolve/<revision>/<file>   the file; `Range: bytes=a-b` gives 206 or 416
 *   GET /api/models/<id>[/revision/<rev>]      `{ id, siblings: [{ rfilename, size }] }`
 *
 * Every revision serves the same files. Unknown ids and files answer 404 with the Hub's
 * `X-Error-Code` header. Every answer carries the CORS and CORP headers the Hub sends, so a page
 * with COOP/COEP (`require-corp`, as ours) can load models from it across origins.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** One request the mock hub received, in arrival order. */
export interface MockHubRequest {
  readonly method: string;
  /** The URL path, decoded, without the query. */
  readonly path: string;
  /** The `Range` header, when the client sent one. */
  readonly range: string | undefined;
}

export interface MockHubOptions {
  /** The folder whose `<id>/` subfolders are served as models. */
  readonly root: string;
  /** Send at most this many body bytes per file response, then destroy the socket (a dropped connection). */
  readonly cutAfterBytes?: number;
  /** Answer 404 on `/api/…`, as a host that only serves files would. Default true. */
  readonly api?: boolean;
}

export interface MockHub {
  /** `http://127.0.0.1:<port>`, to pass as the host. */
  readonly url: string;
  /** Every request so far; the array grows as requests arrive. */
  readonly requests: MockHubRequest[];
  close(): Promise<void>;
}

/** How long a cut response stalls before its connection drops. */
const CUT_PAUSE_MS = 100;

const RESOLVE = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/;
const API = /^\/api\/models\/(.+?)(?:\/revision\/([^/]+))?$/;

/** `root/relative` when it stays inside `root`, else null. */
function inside(root: string, relative: string): string | null {
  const full = path.resolve(root, relative);
  return full.startsWith(root + path.sep) ? full : null;
}

/** A model folder is one with a config.json, as on the Hub. */
function modelFolder(root: string, id: string): string | null {
  const dir = inside(root, id);
  return dir !== null && existsSync(path.join(dir, 'config.json')) ? dir : null;
}

/** Files under `dir` as Hub siblings, `/`-separated and sorted. */
function siblings(dir: string): { rfilename: string; size: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { rfilename: path.relative(dir, full).split(path.sep).join('/'), size: statSync(full).size };
    })
    .sort((a, b) => (a.rfilename < b.rfilename ? -1 : 1)); // code-point order, the same on every locale
}

function notFound(res: ServerResponse, errorCode: 'RepoNotFound' | 'EntryNotFound'): void {
  res.writeHead(404, { 'Content-Type': 'application/json', 'X-Error-Code': errorCode });
  res.end(JSON.stringify({ error: errorCode === 'RepoNotFound' ? 'Repository not found' : 'Entry not found' }));
}

/** `[start, end]` (inclusive) of a `bytes=a-b` / `bytes=a-` / `bytes=-n` range; null when unparsable. */
function parseRange(header: string, size: number): [number, number] | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') return [Math.max(0, size - Number(match[2])), size - 1];
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return [Number(match[1]), end];
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: string, cutAfterBytes: number | undefined): void {
  const size = statSync(file).size;
  let start = 0;
  let end = size - 1;
  const headers: Record<string, string | number> = { 'Accept-Ranges': 'bytes', 'Content-Type': 'application/octet-stream' };
  let status = 200;
  const range = req.headers.range === undefined ? null : parseRange(req.headers.range, size);
  if (range !== null) {
    [start, end] = range;
    if (start >= size || start > end) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      res.end();
      return;
    }
    status = 206;
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  }
  headers['Content-Length'] = end - start + 1;
  res.writeHead(status, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  if (cutAfterBytes === undefined) {
    stream.pipe(res);
    return;
  }
  let sent = 0;
  stream.on('data', (chunk) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const take = bytes.subarray(0, cutAfterBytes - sent);
    sent += take.length;
    if (sent < cutAfterBytes) {
      if (!res.write(take)) stream.pause();
      return;
    }
    stream.destroy();
    // Flush what was promised, then drop the connection without ending the response. The pause
    // lets the client read what arrived first: a fetch body that errors discards unread chunks.
    res.write(take, () => setTimeout(() => res.socket?.destroy(), CUT_PAUSE_MS));
  });
  res.on('drain', () => stream.resume());
  stream.on('end', () => res.end());
}

interface Settings {
  readonly root: string;
  readonly api: boolean;
  readonly cutAfterBytes: number | undefined;
}

/**
 * What lets a cross-origin page read the answers: CORS for `fetch` (with the headers a client
 * reads for sizes and ranges exposed), and CORP for a page whose COEP is `require-corp`.
 */
const CROSS_ORIGIN_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges, ETag, X-Error-Code',
  'Cross-Origin-Resource-Policy': 'cross-origin',
} as const;

function handle(options: Settings, req: IncomingMessage, res: ServerResponse): void {
  for (const [name, value] of Object.entries(CROSS_ORIGIN_HEADERS)) res.setHeader(name, value);
  if (req.method === 'OPTIONS') {
    // A preflight: a browser sends one before a request with a header CORS does not let through.
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Max-Age': '600' });
    res.end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://mock').pathname);
  const api = API.exec(pathname);
  if (api !== null) {
    const dir = options.api ? modelFolder(options.root, api[1] ?? '') : null;
    if (dir === null || req.method !== 'GET') return notFound(res, 'RepoNotFound');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: api[1], modelId: api[1], sha: 'mock', siblings: siblings(dir) }));
    return;
  }
  const resolve = RESOLVE.exec(pathname);
  const dir = resolve === null ? null : modelFolder(options.root, resolve[1] ?? '');
  if (resolve === null || dir === null) return notFound(res, 'RepoNotFound');
  const file = inside(dir, resolve[3] ?? '');
  if (file === null || !existsSync(file) || !statSync(file).isFile()) return notFound(res, 'EntryNotFound');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' });
    res.end();
    return;
  }
  serveFile(req, res, file, options.cutAfterBytes);
}

/** Starts a mock hub on a free port of 127.0.0.1. */
export function startMockHub(options: MockHubOptions): Promise<MockHub> {
  const settings: Settings = { root: path.resolve(options.root), api: options.api ?? true, cutAfterBytes: options.cutAfterBytes };
  const requests: MockHubRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://mock');
    requests.push({ method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), range: req.headers.range });
    handle(settings, req, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
