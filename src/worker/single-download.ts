/**
 * One network request per model file per load (issue 15).
 *
 * transformers.js asks for a file twice: `from_pretrained` with a progress callback first reads
 * every file's metadata (`get_file_metadata`: a whole GET of a file the page serves, a
 * `Range: bytes=0-0` GET of a Hub file, whose body it never reads), and a response without
 * Content-Length (a gzipped one) makes it ask again while it reads the body. Two requests for one
 * file at once made Chromium fail one of them (`net::ERR_CACHE_WRITE_FAILURE`), and a Hub user
 * downloaded a file twice. So, during a load, the first request for a URL goes to the network and
 * every later one for that URL shares its answer: the same status and headers at once (all the
 * metadata readers look at), and the body for the first caller that reads it. A caller that reads
 * after the body was taken gets a request of its own. A body that fails part way fails with
 * `file_download_failed`, naming the file and what the browser said, not "network unreachable".
 */
import { WorkerError } from './errors.ts';
import { fileOfUrl } from './fetch-watch.ts';
import { lazyBody } from './lazy-body.ts';

/** transformers.js's `env.fetch`: it passes a URL or a path string. */
type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** One URL's network request in the current load, and whether some caller has taken its body. */
interface Entry {
  readonly response: Promise<Response>;
  taken: boolean;
}

export interface SingleDownloads {
  /** `inner` with one network request per URL between {@link begin} and {@link end}. */
  wrap(inner: FetchLike): FetchLike;
  /** Starts a load: forgets every earlier answer (the next request for a URL goes to the network). */
  begin(): void;
  /** Ends a load: cancels the bodies nobody read, and forgets the answers. */
  end(): void;
}

const urlOf = (input: string | URL): string => (typeof input === 'string' ? input : input.href);

/** The same URL whether it is passed as a path or in full. */
function keyOf(url: string): string {
  return new URL(url, globalThis.location?.href ?? 'http://local.invalid/').href;
}

function headerOf(init: RequestInit | undefined, name: string): string | null {
  return init?.headers ? new Headers(init.headers).get(name) : null;
}

/** transformers.js's metadata probe (get_file_metadata.js): the first byte only, to read the size. */
const isMetadataProbe = (init: RequestInit | undefined): boolean => headerOf(init, 'range')?.trim() === 'bytes=0-0';

/** Only plain GETs are shared; a probe for the first byte is answered by the whole file's GET. */
function sharable(init: RequestInit | undefined): boolean {
  const method = (init?.method ?? 'GET').toUpperCase();
  return method === 'GET' && (headerOf(init, 'range') === null || isMetadataProbe(init));
}

/** The request a shared GET makes: `init` without the probe's Range and its `no-store`. */
function wholeFile(init: RequestInit | undefined): RequestInit | undefined {
  if (!isMetadataProbe(init)) return init;
  const headers = new Headers(init?.headers);
  headers.delete('range');
  return { ...init, headers, cache: undefined };
}

/** The browser's own words for a failed read ("TypeError: network error"). */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Statuses whose response must have no body (the Fetch standard's "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export function createSingleDownloads(): SingleDownloads {
  let entries = new Map<string, Entry>();

  /** A body that takes the shared one on the first read, or makes its own request when it is gone. */
  function bodyOf(entry: Entry, url: string, refetch: () => Promise<Response>): ReadableStream<Uint8Array> {
    const fail = (error: unknown) => (error instanceof WorkerError ? error : new WorkerError('file_download_failed', { value: fileOfUrl(url) }, `${url}: ${describe(error)}`));
    return lazyBody(async () => {
      // Taken before any await: two copies read at once must not both take the shared body.
      const shared = !entry.taken;
      entry.taken = true;
      return (shared ? await entry.response : await refetch()).body;
    }, fail);
  }

  /**
   * Forgets the answers. A file nobody read (a probe whose file the load did not get to) is
   * cancelled, so it does not download on; an error answer (a 404 a probe looked at) is small and
   * left to finish, as the browser would without us: cancelling it would show as a failed request.
   */
  function end(): void {
    const left = entries;
    entries = new Map();
    for (const entry of left.values()) {
      if (entry.taken) continue;
      entry.taken = true;
      void entry.response.then((response) => (response.ok ? response.body?.cancel() : undefined)).catch(() => undefined);
    }
  }

  return {
    wrap(inner) {
      return async (input, init) => {
        if (!sharable(init)) return inner(input, init);
        const url = urlOf(input);
        const key = keyOf(url);
        let entry = entries.get(key);
        if (!entry) {
          const created: Entry = { response: inner(input, wholeFile(init)), taken: false };
          entries.set(key, created);
          // A request that failed is not shared: the next caller tries again.
          created.response.catch(() => {
            if (entries.get(key) === created) entries.delete(key);
          });
          entry = created;
        }
        const first = await entry.response;
        // An opaque answer (status 0) cannot be copied; it is never a model file anyway.
        if (first.status < 200 || first.status > 599) return first;
        const body = NULL_BODY.has(first.status) || first.body === null ? null : bodyOf(entry, url, () => inner(input, wholeFile(init)));
        return new Response(body, { status: first.status, statusText: first.statusText, headers: first.headers });
      };
    },
    begin: end,
    end,
  };
}

/** The worker's downloads: transformers-env puts them under `env.fetch`, model-loader marks each load's start and end. */
export const singleDownloads = createSingleDownloads();
