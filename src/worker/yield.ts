/**
 * Yields to the worker's event loop so queued messages (a stop) run between decoding steps.
 * A MessageChannel round trip is a task like `setTimeout(0)`, without its clamping to 4 ms.
 */
export function createYield(): () => Promise<void> {
  const channel = new MessageChannel();
  let waiting: (() => void) | null = null;
  channel.port1.onmessage = () => {
    const resolve = waiting;
    waiting = null;
    resolve?.();
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting = resolve;
      channel.port2.postMessage(null);
    });
}
