import { describe, expect, it } from 'vitest';
import { promptTokensAreCurrent } from './prompt-tokens.ts';

describe('promptTokensAreCurrent', () => {
  it('accepts the tokens of the prompt on screen', () => {
    expect(promptTokensAreCurrent('Hello, I am', ['Hello', ',', ' I', ' am'], 0)).toBe(true);
  });
  it('flags tokens of an edited prompt', () => {
    expect(promptTokensAreCurrent('Hello, I was', ['Hello', ',', ' I', ' am'], 0)).toBe(false);
  });
  it('flags a cropped prompt and the absence of tokens', () => {
    expect(promptTokensAreCurrent(' am', [' am'], 3)).toBe(false);
    expect(promptTokensAreCurrent('', [], 0)).toBe(false);
  });
});
