/**
 * Serves a model folder opened from disk to transformers.js, from the File objects the page sent,
 * with no server. transformers.js asks its cache first (`match(localPath)`, where localPath is
 * `<localModelPath>disk/<name>/<file>`), so the cache layer answers the folder's files; a file the
 * folder lacks (an optional one, such as generation_config.json) then goes to `env.fetch`, and the
 * fetch layer answers it 404 instead of asking the page's server.
 */
import type { DiskFileRef } from './protocol.ts';
import { DISK_MODEL_PREFIX } from '../engine/disk-folder-check.ts';
import type { TransformersCache } from './recording-cache.ts';

/** One file of a folder: its path inside the model's folder (`onnx/model.onnx`) and its bytes. */
export interface DiskFile {
  readonly path: string;
  /** A `File` from the page (structured-cloned by reference: nothing is read until it is used). */
  readonly file: Blob;
}

export type { DiskFileRef };

/** transformers.js's `env.fetch`: it passes a URL or a path string. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface DiskModelHost {
  /** Serves `files` as the model `modelId` (`disk/<name>`), instead of any folder served before. */
  serve(modelId: string, files: readonly DiskFile[]): void;
  /** The file a transformers.js request names, or undefined when it is not one of the served folder's. */
  match(request: string): Response | undefined;
  /** Whether a request is under a folder opened from disk (served or not): it must never reach a server. */
  owns(request: string): boolean;
  /** `inner` with the served folder's files in front; files from disk are never stored. */
  cache(inner: TransformersCache): TransformersCache;
  /** `inner` with requests under `disk/` answered from the folder, 404 when it lacks the file. */
  fetch(inner: FetchLike): FetchLike;
}

const urlOf = (input: string | URL): string => (typeof input === 'string' ? input : input.href);

/**
 * The file path inside a disk model's folder that `request` asks for: transformers.js asks for
 * `<localModelPath>disk/<name>/<file>` (a path, a URL, or a relative path in Node), and for
 * `<host>/disk/<name>/resolve/<revision>/<file>` as its second cache key.
 */
function diskPath(request: string): { modelId: string; file: string } | null {
  const pathname = decodeURIComponent(new URL(request, 'http://local.invalid').pathname);
  const parts = pathname.split('/');
  const at = parts.lastIndexOf(DISK_MODEL_PREFIX.slice(0, -1), parts.length - 3);
  if (at < 0) return null;
  const modelId = `${parts[at]}/${parts[at + 1]}`;
  let rest = parts.slice(at + 2);
  if (rest[0] === 'resolve' && rest.length > 2) rest = rest.slice(2);
  return { modelId, file: rest.join('/') };
}

/** A host with nothing served yet. One per worker: transformers.js's `env` is itself one per worker. */
export function createDiskModelHost(): DiskModelHost {
  let served: { modelId: string; files: ReadonlyMap<string, Blob> } | null = null;

  const host: DiskModelHost = {
    serve(modelId, files) {
      served = { modelId, files: new Map(files.map((f) => [f.path, f.file])) };
    },
    match(request) {
      const where = diskPath(request);
      const file = where && served?.modelId === where.modelId ? served.files.get(where.file) : undefined;
      // Content-Length lets transformers.js report progress per file, as for a download.
      return file ? new Response(file, { headers: { 'content-length': String(file.size), 'content-type': 'application/octet-stream' } }) : undefined;
    },
    owns(request) {
      return diskPath(request) !== null;
    },
    cache(inner) {
      return {
        match: async (request) => host.match(request) ?? (host.owns(request) ? undefined : inner.match(request)),
        put: async (request, response) => {
          // The folder is the copy: storing it again would fill the browser with what is on the stick.
          if (!host.owns(request)) await inner.put(request, response);
        },
      };
    },
    fetch(inner) {
      return async (input, init) => {
        const url = urlOf(input);
        if (!host.owns(url)) return inner(input, init);
        return host.match(url) ?? new Response('Not in the folder opened from disk', { status: 404, statusText: 'Not Found' });
      };
    },
  };
  return host;
}

/** The worker's host: model-loader serves folders into it, transformers-env puts it in front of the cache and fetch. */
export const diskModelHost = createDiskModelHost();
