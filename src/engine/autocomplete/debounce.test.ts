import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DEBOUNCE_MS, debounce } from './debounce.ts';

describe('debounce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once, 250 ms after the last call, with the latest arguments', () => {
    const fn = vi.fn<(text: string) => void>();
    const debounced = debounce(fn);
    debounced.call('O');
    vi.advanceTimersByTime(200);
    debounced.call('On');
    vi.advanceTimersByTime(DEFAULT_DEBOUNCE_MS - 1);
    expect(fn).not.toHaveBeenCalled();
    expect(debounced.isPending()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith('On');
    expect(debounced.isPending()).toBe(false);
  });

  it('takes its delay from the caller', () => {
    const fn = vi.fn<() => void>();
    const debounced = debounce(fn, 40);
    debounced.call();
    vi.advanceTimersByTime(39);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('drops the pending call on cancel', () => {
    const fn = vi.fn<() => void>();
    const debounced = debounce(fn);
    debounced.call();
    debounced.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
  });

  it('runs the pending call at once on flush, and not again when the timer would have fired', () => {
    const fn = vi.fn<(n: number) => void>();
    const debounced = debounce(fn);
    debounced.flush();
    expect(fn).not.toHaveBeenCalled();
    debounced.call(7);
    debounced.flush();
    expect(fn).toHaveBeenCalledWith(7);
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('refuses a negative or infinite delay', () => {
    expect(() => debounce(() => {}, -1)).toThrow(RangeError);
    expect(() => debounce(() => {}, Infinity)).toThrow(RangeError);
  });
});
