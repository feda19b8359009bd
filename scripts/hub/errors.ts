/**
 * Errors of `npm run models`, each with a message a person can act on. The CLI prints the message
 * and exits with 1; anything that is not a `HubError` is a bug and keeps its stack trace.
 */

/** What went wrong, so tests and callers can branch without parsing the message. */
export type HubErrorCode =
  | 'usage'
  | 'bad-id'
  | 'not-found'
  | 'missing-dtype'
  | 'missing-file'
  | 'disk-full'
  | 'network'
  | 'server'
  | 'size-mismatch';

/** A failure the user can fix; `message` says how. */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly code: HubErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Megabytes (10^6 bytes, as the Hub shows sizes) with one decimal: `6.6 MB`. */
export function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The `code` of a Node system error (`ENOSPC`, `ECONNREFUSED`), or undefined for anything else. */
export function errnoCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' ? code : undefined;
}

/** Words for the socket errors people meet; other codes are shown as they are. */
const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_BODY_TIMEOUT: 'timed out',
  UND_ERR_HEADERS_TIMEOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
};

/** `fetch` wraps the socket error in `cause` (`TypeError: fetch failed`, cause `ECONNREFUSED`). */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = errnoCode(cause) ?? errnoCode(error);
  if (code !== undefined) return NETWORK_REASONS[code] ?? code;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The host could not be reached at all (DNS, refused, offline). */
export function unreachableError(host: string, error: unknown): HubError {
  return new HubError(
    'network',
    `Could not reach ${host} (${networkReason(error)}). Check your internet connection, or the address given with --host.`,
  );
}

/** The connection broke in the middle of a file; the `.part` file keeps what arrived. */
export function interruptedError(file: string, saved: number, total: number | null, error: unknown): HubError {
  const of = total === null ? '' : ` of ${formatMb(total)}`;
  return new HubError(
    'network',
    `The download of ${file} was interrupted (${networkReason(error)}) after ${formatMb(saved)}${of}. Run the same command again to resume it.`,
  );
}

/** Not enough room on the disk for the rest of `file`. */
export function diskFullError(file: string, bytesMissing: number | null): HubError {
  const need = bytesMissing === null ? 'needs more space' : `needs ${formatMb(bytesMissing)} more`;
  return new HubError(
    'disk-full',
    `The disk is full: ${file} ${need}. Free some space (or choose another folder with --out) and run the same command again; finished files are kept.`,
  );
}

/** The model id does not exist on the host (or the revision does not). */
export function notFoundError(id: string, host: string, revision: string): HubError {
  const hint = revision === 'main' ? 'Check the id.' : `Check the id and the revision "${revision}".`;
  return new HubError('not-found', `Model ${id} was not found on ${host}. ${hint}`);
}
