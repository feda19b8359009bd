import { memo } from 'react';
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { TokenChip, type TokenChipProps } from './TokenChip.tsx';

/** Chips per block: a streamed token re-renders one block of this many chips at most. */
export const TOKEN_BLOCK_SIZE = 16;

export interface TokenBlockProps {
  /** The whole strip; the block shows `start` to `start + TOKEN_BLOCK_SIZE`. */
  readonly tokens: readonly TokenSnapshot[];
  readonly start: number;
  /** Position of the chip whose popover is open, or null. */
  readonly openPosition: number | null;
  readonly tabStop: number;
  readonly popoverId: string;
  readonly onShow: TokenChipProps['onShow'];
  readonly onHide: TokenChipProps['onHide'];
}

const inBlock = (start: number, position: number | null) => position !== null && position >= start && position < start + TOKEN_BLOCK_SIZE;

/**
 * Equal when nothing this block shows changed: its own tokens, and the popover and the tab stop
 * only where they fall inside it. A full block never re-renders again while the strip grows.
 */
export function tokenBlockPropsEqual(a: TokenBlockProps, b: TokenBlockProps): boolean {
  if (a.start !== b.start || a.popoverId !== b.popoverId || a.onShow !== b.onShow || a.onHide !== b.onHide) return false;
  if (a.openPosition !== b.openPosition && (inBlock(a.start, a.openPosition) || inBlock(a.start, b.openPosition))) return false;
  if (a.tabStop !== b.tabStop && (inBlock(a.start, a.tabStop) || inBlock(a.start, b.tabStop))) return false;
  for (let i = a.start; i < a.start + TOKEN_BLOCK_SIZE; i++) if (a.tokens[i] !== b.tokens[i]) return false;
  return true;
}

/** A run of chips rendered as one unit, so a long strip costs a few comparisons per frame, not one per chip. */
export const TokenBlock = memo(function TokenBlock({ tokens, start, openPosition, tabStop, popoverId, onShow, onHide }: TokenBlockProps) {
  const end = Math.min(tokens.length, start + TOKEN_BLOCK_SIZE);
  const chips = [];
  for (let position = start; position < end; position++) {
    const token = tokens[position];
    if (!token) continue;
    chips.push(
      <TokenChip
        key={position}
        token={token}
        position={position}
        tabbable={position === tabStop}
        describedBy={openPosition === position ? popoverId : undefined}
        onShow={onShow}
        onHide={onHide}
      />,
    );
  }
  return <>{chips}</>;
}, tokenBlockPropsEqual);
