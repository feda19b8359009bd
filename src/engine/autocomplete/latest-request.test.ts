import { describe, expect, it } from 'vitest';
import { createLatestRequest } from './latest-request.ts';

describe('createLatestRequest', () => {
  it('aborts the previous ticket when a new one begins', () => {
    const requests = createLatestRequest();
    const first = requests.begin('Once');
    const second = requests.begin('Once upon');
    expect(first.signal.aborted).toBe(true);
    expect((first.signal.reason as DOMException).name).toBe('AbortError');
    expect(second.signal.aborted).toBe(false);
    expect([first.id, second.id]).toEqual([1, 2]);
    expect(second.text).toBe('Once upon');
  });

  it('knows which ticket is current', () => {
    const requests = createLatestRequest();
    const first = requests.begin('a');
    expect(requests.isCurrent(first)).toBe(true);
    const second = requests.begin('ab');
    expect(requests.isCurrent(first)).toBe(false);
    expect(requests.isCurrent(second)).toBe(true);
  });

  it('returns null when a stale ticket settles, even after the newer one has', () => {
    // The slow first request answers last: its suggestion is for text that is no longer there.
    const requests = createLatestRequest();
    const first = requests.begin('Once');
    const second = requests.begin('Once upon');
    expect(requests.settle(second, ' a time')).toBe(' a time');
    expect(requests.settle(first, ' upon a time')).toBeNull();
  });

  it('settles a ticket once and does not abort it after it finished', () => {
    const requests = createLatestRequest();
    const ticket = requests.begin('a');
    expect(requests.settle(ticket, 'b')).toBe('b');
    expect(requests.settle(ticket, 'b')).toBeNull();
    expect(requests.isCurrent(ticket)).toBe(false);
    requests.begin('ab');
    expect(ticket.signal.aborted).toBe(false);
  });

  it('cancels the request in flight without starting another', () => {
    const requests = createLatestRequest();
    const ticket = requests.begin('a');
    requests.cancel();
    expect(ticket.signal.aborted).toBe(true);
    expect(requests.settle(ticket, 'b')).toBeNull();
    expect(() => requests.cancel()).not.toThrow();
  });
});
