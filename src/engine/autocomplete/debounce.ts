/**
 * Waits for typing to pause before asking the model for a suggestion. It uses the global
 * `setTimeout` at call time, so Vitest fake timers (`vi.useFakeTimers()`) control it.
 */

/** How long typing must pause before a suggestion is requested: long enough to skip most keystrokes. */
export const DEFAULT_DEBOUNCE_MS = 250;

/** A function call postponed until calls stop coming for a while. */
export interface Debounced<A extends unknown[]> {
  /** (Re)starts the wait; when it ends, the function runs once with the latest arguments. */
  call(...args: A): void;
  /** Drops the pending call, if any. */
  cancel(): void;
  /** Runs the pending call now instead of at the end of the wait; does nothing when none is pending. */
  flush(): void;
  /** Whether a call is waiting. */
  isPending(): boolean;
}

/**
 * Postpones `fn` until `delayMs` milliseconds pass with no new call.
 *
 * @throws RangeError when `delayMs` is negative or not finite.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, delayMs: number = DEFAULT_DEBOUNCE_MS): Debounced<A> {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`A debounce delay is a finite number of milliseconds ≥ 0; got ${delayMs}.`);
  }
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pendingArgs: A | null = null;

  const run = (): void => {
    const args = pendingArgs;
    timer = null;
    pendingArgs = null;
    if (args !== null) fn(...args);
  };

  const cancel = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pendingArgs = null;
  };

  return {
    call(...args) {
      if (timer !== null) clearTimeout(timer);
      pendingArgs = args;
      timer = setTimeout(run, delayMs);
    },
    cancel,
    flush() {
      if (timer === null) return;
      clearTimeout(timer);
      run();
    },
    isPending: () => timer !== null,
  };
}
