import { describe, expect, it } from 'vitest';
import { BenchUsageError } from '../options.ts';
import { parseBrowserBenchArgs } from './options.ts';

describe('parseBrowserBenchArgs', () => {
  it('defaults to GPT-2 small, three dtypes on WASM, 1/2/4 panels, the library’s thread count', () => {
    const options = parseBrowserBenchArgs([]);
    expect(options).toMatchObject({ size: 'gpt2-124m', dtypes: ['fp32', 'q8', 'q4'], backends: ['wasm'], panels: [1, 2, 4], threads: [null], native: true, sessions: false });
  });

  it('always measures one panel, the baseline of the batching ratios, and reads thread lists', () => {
    const options = parseBrowserBenchArgs(['--panels', '4,2', '--threads', 'default,2', '--model', 'tiny', '--no-native']);
    expect(options).toMatchObject({ size: 'tiny', panels: [1, 2, 4], threads: [null, 2], native: false });
  });

  it('names the option and what it accepts on a bad value', () => {
    expect(() => parseBrowserBenchArgs(['--panels', '5'])).toThrow(new BenchUsageError('--panels must be a whole number from 1 to 4; got "5".'));
    expect(() => parseBrowserBenchArgs(['--backend', 'cuda'])).toThrow(BenchUsageError);
    expect(() => parseBrowserBenchArgs(['--model', 'gpt9'])).toThrow(BenchUsageError);
  });

  it('measures the app’s way of handing over the weights unless told otherwise', () => {
    expect(parseBrowserBenchArgs([])).toMatchObject({ weights: ['once'], runtimes: ['url'] });
    expect(parseBrowserBenchArgs(['--weights', 'once,copy'])).toMatchObject({ weights: ['once', 'copy'] });
    expect(() => parseBrowserBenchArgs(['--weights', 'twice'])).toThrow(new BenchUsageError('--weights takes once, copy; got "twice".'));
  });

  it('measures the runtime’s spinning thread pool unless told otherwise, and the blocking one when asked', () => {
    expect(parseBrowserBenchArgs([])).toMatchObject({ spinning: ['on'] });
    expect(parseBrowserBenchArgs(['--spinning', 'off,on'])).toMatchObject({ spinning: ['off', 'on'] });
    expect(() => parseBrowserBenchArgs(['--spinning', 'sometimes'])).toThrow(new BenchUsageError('--spinning takes on, off; got "sometimes".'));
  });

  it('returns null for --help', () => {
    expect(parseBrowserBenchArgs(['--help'])).toBeNull();
  });
});
