import { describe, expect, it } from 'vitest';
import { BenchUsageError, DEFAULT_PROMPT, DEFAULT_REPEATS, DEFAULT_TOKENS, parseBenchArgs } from './options.ts';

describe('parseBenchArgs', () => {
  it('defaults to GPT-2 124M q8', () => {
    expect(parseBenchArgs([])).toEqual({ size: 'gpt2-124m', family: 'gpt2', dtypes: ['q8'], tokens: DEFAULT_TOKENS, repeats: DEFAULT_REPEATS, prompt: DEFAULT_PROMPT });
  });

  it('reads every option, a dtype list without duplicates, and --help', () => {
    const options = parseBenchArgs(['--model', 'tiny', '--family', 'gpt_neo', '--dtype', 'q8, fp32,q8', '--tokens', '16', '--repeats', '1', '--prompt', 'Hi']);
    expect(options).toEqual({ size: 'tiny', family: 'gpt_neo', dtypes: ['q8', 'fp32'], tokens: 16, repeats: 1, prompt: 'Hi' });
    expect(parseBenchArgs(['--help'])).toBeNull();
  });

  it.each([
    [['--model', 'gpt2-xl'], /Unknown model "gpt2-xl"/],
    [['--dtype', 'int4'], /Unknown dtype "int4"/],
    [['--tokens', '0'], /--tokens must be a whole number from 1/],
    [['--repeats', '2.5'], /--repeats must be a whole number/],
    [['--prompt', '  '], /--prompt must not be empty/],
    [['--frobnicate'], /frobnicate/],
  ])('rejects %j with a message naming the option', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
