/**
 * Asks a Hub host which files a model repository has, and how big they are. The API
 * (`/api/models/<id>/revision/<rev>?blobs=true`) lists every file with its size in one request; a
 * host without the API (a mirror that only serves files) is asked with one HEAD request per file
 * the playground could use.
 */
import { HubError, notFoundError, unreachableError } from './errors.ts';
import { candidatePaths, type RemoteFile } from './hub-files.ts';

/** Where a model lives: `<host>/<id>/resolve/<revision>/<file>`. */
export interface HubSource {
  /** `https://huggingface.co`, no trailing slash needed. */
  readonly host: string;
  readonly id: string;
  readonly revision: string;
}

/** The download URL of one file. */
export function fileUrl(source: HubSource, file: string): string {
  const parts = [...source.id.split('/'), 'resolve', source.revision, ...file.split('/')];
  return `${source.host.replace(/\/+$/, '')}/${parts.map(encodeURIComponent).join('/')}`;
}

function apiUrl(source: HubSource): string {
  const host = source.host.replace(/\/+$/, '');
  return `${host}/api/models/${source.id}/revision/${encodeURIComponent(source.revision)}?blobs=true`;
}

/**
 * Sends a request with no content negotiation: with `Accept-Encoding: identity` the
 * Content-Length is the file's own size, and `fetch` does not decompress behind our back.
 */
export async function hubRequest(url: string, init: { method?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, headers: { 'Accept-Encoding': 'identity', ...init.headers }, redirect: 'follow' });
  } catch (error) {
    throw unreachableError(new URL(url).origin, error);
  }
}

/** The Hub answers 401 for repositories that do not exist (or are private), 404 for missing files. */
const isMissing = (status: number) => status === 404 || status === 401;

/** Reads `siblings` from an API answer, checking its shape instead of trusting it. */
export function parseSiblings(json: unknown): RemoteFile[] | null {
  if (typeof json !== 'object' || json === null || !('siblings' in json) || !Array.isArray(json.siblings)) return null;
  const files: RemoteFile[] = [];
  for (const sibling of json.siblings as unknown[]) {
    if (typeof sibling !== 'object' || sibling === null) continue;
    const { rfilename, size, lfs } = sibling as { rfilename?: unknown; size?: unknown; lfs?: { size?: unknown } };
    if (typeof rfilename !== 'string') continue;
    const bytes = typeof size === 'number' ? size : typeof lfs?.size === 'number' ? lfs.size : null;
    files.push({ path: rfilename, size: bytes });
  }
  return files;
}

/** The size a HEAD answer gives: the Hub's `X-Linked-Size` for large files, else Content-Length. */
function headSize(response: Response): number | null {
  const value = response.headers.get('x-linked-size') ?? response.headers.get('content-length');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

async function headProbe(source: HubSource, file: string): Promise<RemoteFile | null> {
  const response = await hubRequest(fileUrl(source, file), { method: 'HEAD' });
  if (response.ok) return { path: file, size: headSize(response) };
  if (isMissing(response.status)) return null;
  throw new HubError('server', `${source.host} answered ${response.status} ${response.statusText} for ${file}. Try again later.`);
}

/**
 * The repository's files. Throws "Model <id> was not found" when neither the API nor the files
 * know the id.
 */
export async function listRemoteFiles(source: HubSource): Promise<RemoteFile[]> {
  const response = await hubRequest(apiUrl(source));
  if (response.ok) {
    const files = parseSiblings(await response.json().catch(() => null));
    if (files !== null) return files;
  } else {
    await response.body?.cancel();
  }
  // No usable API answer: config.json tells a wrong id from a host without the API.
  const config = await headProbe(source, 'config.json');
  if (config === null) throw notFoundError(source.id, source.host, source.revision);
  const probes = await Promise.all(candidatePaths().map((file) => (file === 'config.json' ? config : headProbe(source, file))));
  return probes.filter((file): file is RemoteFile => file !== null);
}
