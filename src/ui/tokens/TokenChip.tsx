import { memo, type FocusEvent, type PointerEvent } from 'react';
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { probabilityBand, visibleTokenText } from './probability.ts';

export interface TokenChipProps {
  readonly token: TokenSnapshot;
  readonly position: number;
  /** Roving tab stop: one chip of the strip is in the tab order, arrows move between them. */
  readonly tabbable: boolean;
  /** The popover's id while it shows this chip's details. */
  readonly describedBy: string | undefined;
  readonly onShow: (position: number, chip: HTMLElement, by: 'pointer' | 'focus') => void;
  readonly onHide: (position: number, by: 'pointer' | 'focus') => void;
}

/**
 * A generated token as a focusable chip, coloured by the model's own (raw) probability.
 * Memoized on the snapshot: a streamed token adds one chip and re-renders none of the others.
 */
export const TokenChip = memo(function TokenChip({ token, position, tabbable, describedBy, onShow, onHide }: TokenChipProps) {
  return (
    <button
      type="button"
      className={`token-chip band-${probabilityBand(token.step.rawProbability)}`}
      data-position={position}
      tabIndex={tabbable ? 0 : -1}
      aria-describedby={describedBy}
      onPointerEnter={(event: PointerEvent<HTMLButtonElement>) => onShow(position, event.currentTarget, 'pointer')}
      onPointerLeave={() => onHide(position, 'pointer')}
      onFocus={(event: FocusEvent<HTMLButtonElement>) => onShow(position, event.currentTarget, 'focus')}
      onBlur={() => onHide(position, 'focus')}
    >
      {visibleTokenText(token.tokenText)}
    </button>
  );
});
