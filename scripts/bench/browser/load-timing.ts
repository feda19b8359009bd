/**
 * Wrappers around transformers.js's `env.fetch` and its custom cache that time each file as the
 * library reads it: headers, body (through a pass-through stream that counts bytes without copying
 * them) and the Cache Storage put (told by the recording cache, `putObserver`). They add no copy of
 * the data, so the load they time is the app's.
 */
import type { PutObserver, StoringCache } from '../../../src/worker/recording-cache.ts';
import { lazyBody } from '../../../src/worker/lazy-body.ts';
import type { FileTiming } from './protocol.ts';

/** transformers.js's `env.fetch`: a URL or path, and the request's options. */
type Fetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

interface OpenFile {
  url: string;
  source: 'network' | 'cache';
  headersMs: number;
  bodyStartAt: number;
  bodyEndAt: number | null;
  bytes: number;
  chunks: number;
  contentLength: number | null;
  contentEncoding: string | null;
  cachePutMs: number | null;
  cachePutEndAt: number | null;
}

/** Records every file of one load; `reset()` before each load. */
export class LoadRecorder {
  private files: OpenFile[] = [];
  private startedAt = 0;
  cacheMatchMs = 0;

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.files = [];
    this.cacheMatchMs = 0;
    this.startedAt = this.now();
  }

  /** A response whose body reports its bytes and its end to the record. */
  private track(url: string, source: OpenFile['source'], response: Response, requestedAt: number): Response {
    const file: OpenFile = {
      url,
      source,
      headersMs: this.now() - requestedAt,
      bodyStartAt: this.now(),
      bodyEndAt: null,
      bytes: 0,
      chunks: 0,
      contentLength: response.headers.has('content-length') ? Number(response.headers.get('content-length')) : null,
      contentEncoding: response.headers.get('content-encoding'),
      cachePutMs: null,
      cachePutEndAt: null,
    };
    this.files.push(file);
    const body = response.body;
    if (!body) return response;
    const now = this.now;
    // Read only when the caller reads: a caller that looks at the headers alone (transformers.js's
    // metadata read) must leave the body untouched, as it would without the benchmark. Piping at
    // once took the shared download (single-download.ts) and made the real read ask again.
    const counted = lazyBody(async () => {
      file.bodyStartAt = now();
      return body.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            file.bytes += chunk.byteLength;
            file.chunks++;
            controller.enqueue(chunk);
          },
          flush() {
            file.bodyEndAt = now();
          },
        }),
      );
    });
    const wrapped = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
    // transformers.js checks `response instanceof Response` and `.status`; `url` is read-only, keep it for error messages.
    Object.defineProperty(wrapped, 'url', { value: response.url });
    return wrapped;
  }

  fetch(inner: Fetch): Fetch {
    return async (input, init) => {
      const requestedAt = this.now();
      const response = await inner(input, init);
      const url = typeof input === 'string' ? input : input.href;
      return this.track(url, 'network', response, requestedAt);
    };
  }

  cache(inner: StoringCache): StoringCache {
    return {
      match: async (request) => {
        const requestedAt = this.now();
        const hit = await inner.match(request);
        this.cacheMatchMs += this.now() - requestedAt;
        return hit ? this.track(request, 'cache', hit, requestedAt) : undefined;
      },
      put: (request, response) => inner.put(request, response),
      settled: () => inner.settled(),
    };
  }

  /** For `createRecordingCache`: each put's time, on the network file it stores (ms after the load started). */
  putObserver(): PutObserver {
    return (request, startedAt, endedAt) => {
      const file = this.files.findLast((f) => f.source === 'network' && request.endsWith(new URL(f.url, 'http://x/').pathname));
      if (!file) return;
      file.cachePutMs = endedAt - startedAt;
      file.cachePutEndAt = endedAt - this.startedAt;
    };
  }

  timings(): FileTiming[] {
    return this.files.map((f) => ({
      url: f.url,
      source: f.source,
      headersMs: f.headersMs,
      bodyMs: f.bodyEndAt === null ? 0 : f.bodyEndAt - f.bodyStartAt,
      bodyEndAtMs: (f.bodyEndAt ?? f.bodyStartAt) - this.startedAt,
      bytes: f.bytes,
      chunks: f.chunks,
      contentLength: f.contentLength,
      contentEncoding: f.contentEncoding,
      cachePutMs: f.cachePutMs,
      cachePutEndAtMs: f.cachePutEndAt,
    }));
  }

  /** ms after the load started. */
  sinceStart(): number {
    return this.now() - this.startedAt;
  }
}
