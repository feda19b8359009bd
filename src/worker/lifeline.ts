/**
 * The worker's side of the page's lifeline (src/state/worker-supervisor.ts): the worker takes the
 * Web Lock named after itself as it starts and never lets go, so the browser releases it — and
 * grants it to the page, which waits for it — only when the worker is gone, whatever ended it
 * (killed, out of memory, closed).
 */

/** Holds the lock `name` for the rest of this worker's life; nothing without a name or without Web Locks. */
export function holdLifeline(name: string, locks: Pick<LockManager, 'request'> | undefined): void {
  if (!name || !locks) return;
  void locks.request(name, () => new Promise<never>(() => undefined));
}
