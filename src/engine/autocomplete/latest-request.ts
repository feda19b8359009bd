/**
 * "Only the latest wins" for autocomplete: each keystroke starts a suggestion request, and a
 * request that a newer one has replaced is aborted and can never put its text on screen, even if
 * the model answers after the newer request did.
 */

/** One suggestion request. */
export interface SuggestionTicket {
  /** Increases with every {@link LatestRequest.begin}, from 1. */
  readonly id: number;
  /** The text the suggestion is for. */
  readonly text: string;
  /** Aborted when a newer request begins or the request is cancelled; pass it to the work. */
  readonly signal: AbortSignal;
}

/** Hands out tickets and decides which one may still show its result. */
export interface LatestRequest {
  /** Starts a request for `text`, aborting the one in flight. */
  begin(text: string): SuggestionTicket;
  /** Whether `ticket` is the request in flight: begun last, not cancelled, not yet settled. */
  isCurrent(ticket: SuggestionTicket): boolean;
  /**
   * Ends `ticket` with its result: returns `value` when the ticket is current, else `null`, so a
   * stale suggestion is dropped. A ticket settles once; settling it again returns `null`.
   */
  settle<T>(ticket: SuggestionTicket, value: T): T | null;
  /** Aborts the request in flight, if any, without starting another (the text was cleared, say). */
  cancel(): void;
}

/** Makes a {@link LatestRequest} with no request in flight. */
export function createLatestRequest(): LatestRequest {
  let nextId = 1;
  let current: { ticket: SuggestionTicket; controller: AbortController } | null = null;

  const abortCurrent = (why: string): void => {
    // 'AbortError' is the name fetch and transformers.js callers already check for.
    current?.controller.abort(new DOMException(why, 'AbortError'));
    current = null;
  };

  return {
    begin(text) {
      abortCurrent('A newer suggestion request replaced this one.');
      const controller = new AbortController();
      const ticket: SuggestionTicket = { id: nextId++, text, signal: controller.signal };
      current = { ticket, controller };
      return ticket;
    },
    isCurrent: (ticket) => current !== null && current.ticket === ticket,
    settle(ticket, value) {
      if (current === null || current.ticket !== ticket) return null;
      // Forget it without aborting: the work is done, and a later begin() must not signal an abort
      // to a request that already finished.
      current = null;
      return value;
    },
    cancel() {
      abortCurrent('The suggestion request was cancelled.');
    },
  };
}
