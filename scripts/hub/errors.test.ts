import { describe, expect, it } from 'vitest';
import { diskFullError, errnoCode, formatMb, interruptedError, notFoundError, unreachableError } from './errors.ts';

/** A Node system error as fs and net throw them. */
function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code} happened`), { code });
}

describe('formatMb', () => {
  it('uses decimal megabytes with one decimal, as the Hub does', () => {
    expect(formatMb(6_622_344)).toBe('6.6 MB');
    expect(formatMb(0)).toBe('0.0 MB');
  });
});

describe('messages', () => {
  it('names the missing model, the host and what to check', () => {
    expect(notFoundError('Xenova/nope', 'https://huggingface.co', 'main').message).toBe(
      'Model Xenova/nope was not found on https://huggingface.co. Check the id.',
    );
    expect(notFoundError('a/b', 'http://h', 'v2').message).toBe('Model a/b was not found on http://h. Check the id and the revision "v2".');
  });

  it('says how much room a full disk lacks', () => {
    const error = diskFullError('public/models/a/b/onnx/model.onnx', 12_500_000);
    expect(error.code).toBe('disk-full');
    expect(error.message).toMatch(/^The disk is full: public\/models\/a\/b\/onnx\/model.onnx needs 12.5 MB more\. Free some space/);
  });

  it('takes the reason of an unreachable host from the fetch error cause', () => {
    // fetch throws TypeError('fetch failed') with the socket error as its cause.
    const error = unreachableError('http://127.0.0.1:9', new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }));
    expect(error.message).toBe(
      'Could not reach http://127.0.0.1:9 (connection refused). Check your internet connection, or the address given with --host.',
    );
  });

  it('tells how far an interrupted file got and that a rerun resumes it', () => {
    const error = interruptedError('onnx/model_q4.onnx', 1_000_000, 5_374_497, new Error('terminated'));
    expect(error.message).toBe(
      'The download of onnx/model_q4.onnx was interrupted (terminated) after 1.0 MB of 5.4 MB. Run the same command again to resume it.',
    );
  });
});

describe('errnoCode', () => {
  it('reads the code of system errors only', () => {
    expect(errnoCode(systemError('ENOSPC'))).toBe('ENOSPC');
    expect(errnoCode(new Error('plain'))).toBeUndefined();
    expect(errnoCode('ENOSPC')).toBeUndefined();
  });
});
