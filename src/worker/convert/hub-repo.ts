/**
 * A Hub repository (or a classroom mirror with the Hub's URL layout) as the converter's
 * `RepoReader`: the file list from `GET /api/models/<id>?blobs=true` (which gives each file's
 * size, for the memory check and the progress bars), then the converter's `httpRepo`: small files
 * read whole, weights read by HTTP Range requests so a checkpoint is never held whole in memory.
 */
import type { ByteSource } from '../../convert/byte-source.ts';
import type { RepoReader } from '../../convert/convert.ts';
import { httpRepo } from '../../convert/http-repo.ts';
import type { RepoFile } from '../../engine/checkpoint-files.ts';
import { WorkerError } from '../errors.ts';

/** The Hub's address when no mirror is asked for. */
export const HUB_HOST = 'https://huggingface.co';

/** A repository's files, as the Hub lists them. */
export interface HubListing {
  readonly modelId: string;
  /** Where it was listed (no trailing slash). */
  readonly host: string;
  readonly files: readonly RepoFile[];
}

const base = (host: string | undefined) => (host ?? HUB_HOST).replace(/\/+$/, '');
const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** `<host>/<id>/resolve/main/<file>`, the URL transformers.js downloads a file from. */
export function resolveUrl(host: string, modelId: string, file: string): string {
  return `${base(host)}/${modelId}/resolve/main/${encodePath(file)}`;
}

interface Sibling {
  readonly rfilename?: unknown;
  readonly size?: unknown;
}

/**
 * Lists `modelId` on `host` (the Hub when undefined).
 * @throws WorkerError `model_not_found` (the host does not know the id), `network` (no answer).
 */
export async function listHubRepo(modelId: string, host: string | undefined, fetchImpl: typeof fetch = fetch): Promise<HubListing> {
  const root = base(host);
  let response: Response;
  try {
    response = await fetchImpl(`${root}/api/models/${modelId}?blobs=true`);
  } catch (error) {
    throw new WorkerError('network', { modelId }, error instanceof Error ? error.message : String(error));
  }
  if (response.status === 404 || response.status === 401) {
    await response.body?.cancel();
    throw new WorkerError('model_not_found', { modelId }, `${root}/api/models/${modelId} answered ${response.status}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new WorkerError('network', { modelId }, `${root}/api/models/${modelId} answered ${response.status}`);
  }
  let body: { siblings?: readonly Sibling[] };
  try {
    body = (await response.json()) as { siblings?: readonly Sibling[] };
  } catch {
    throw new WorkerError('not_a_model_file', { modelId, value: 'api/models' }, `${root}/api/models/${modelId} is not JSON`);
  }
  const files = (body.siblings ?? []).flatMap((s): RepoFile[] =>
    typeof s.rfilename === 'string' ? [{ path: s.rfilename, size: typeof s.size === 'number' ? s.size : null }] : [],
  );
  return { modelId, host: root, files };
}

/** Bytes read so far from one weight file, for the download's progress. */
export type ReadProgress = (file: string, done: number, total: number) => void;

/** Counts the bytes read from `source` (each byte range once, in the order asked for). */
function counted(source: ByteSource, onRead: ReadProgress | undefined): ByteSource {
  if (!onRead) return source;
  let done = 0;
  return {
    name: source.name,
    size: source.size,
    async read(offset, length) {
      const bytes = await source.read(offset, length);
      done = Math.min(source.size, done + bytes.byteLength);
      onRead(source.name, done, source.size);
      return bytes;
    },
  };
}

/** The listed repository as a `RepoReader` (src/convert/http-repo.ts); `onRead` hears every weight file's bytes as they arrive. */
export function hubRepo(listing: HubListing, onRead?: ReadProgress, fetchImpl: typeof fetch = fetch): RepoReader {
  const repo = httpRepo(listing.modelId, listing.files.map((f) => f.path), (file) => resolveUrl(listing.host, listing.modelId, file), fetchImpl);
  return { ...repo, open: async (file) => counted(await repo.open(file), onRead) };
}
