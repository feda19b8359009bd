import { describe, expect, it } from 'vitest';
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { TOKEN_BLOCK_SIZE as SIZE, tokenBlockPropsEqual, type TokenBlockProps } from './TokenBlock.tsx';

const token = (index: number) => ({ index }) as unknown as TokenSnapshot;
const tokens = (n: number) => Array.from({ length: n }, (_, i) => token(i));
const noop = () => undefined;
/** Two full blocks and a partial third. */
const STRIP = tokens(2 * SIZE + SIZE / 2);
const props = (overrides: Partial<TokenBlockProps>): TokenBlockProps => ({
  tokens: STRIP,
  start: 0,
  openPosition: null,
  tabStop: 0,
  popoverId: 'p',
  onShow: noop,
  onHide: noop,
  ...overrides,
});

// The point of blocks: a growing strip must leave full blocks alone.
describe('tokenBlockPropsEqual', () => {
  const grown = [...STRIP, token(STRIP.length)];

  it('skips full blocks when tokens are appended after them', () => {
    expect(tokenBlockPropsEqual(props({ start: 0 }), props({ start: 0, tokens: grown }))).toBe(true);
    expect(tokenBlockPropsEqual(props({ start: SIZE }), props({ start: SIZE, tokens: grown }))).toBe(true);
  });
  it('re-renders the block that receives the new token', () => {
    expect(tokenBlockPropsEqual(props({ start: 2 * SIZE }), props({ start: 2 * SIZE, tokens: grown }))).toBe(false);
  });
  it('re-renders only the blocks the popover enters or leaves', () => {
    expect(tokenBlockPropsEqual(props({ openPosition: null }), props({ openPosition: 3 }))).toBe(false);
    expect(tokenBlockPropsEqual(props({ openPosition: 3 }), props({ openPosition: SIZE + 3 }))).toBe(false);
    expect(tokenBlockPropsEqual(props({ start: SIZE, openPosition: null }), props({ start: SIZE, openPosition: 3 }))).toBe(true);
  });
  it('re-renders only the blocks the tab stop enters or leaves', () => {
    expect(tokenBlockPropsEqual(props({ tabStop: 0 }), props({ tabStop: SIZE + 3 }))).toBe(false);
    expect(tokenBlockPropsEqual(props({ start: SIZE, tabStop: 0 }), props({ start: SIZE, tabStop: SIZE + 3 }))).toBe(false);
    expect(tokenBlockPropsEqual(props({ start: SIZE, tabStop: 0 }), props({ start: SIZE, tabStop: 1 }))).toBe(true);
  });
});
