/** Where a token's popover goes on screen; pure, so it is tested with numbers. */

/** Space between the chip and the popover (px). */
export const GAP = 6;
/** Space kept between the popover and the viewport's edges (px). */
export const MARGIN = 8;

export interface Placement {
  readonly top: number;
  readonly left: number;
  /** Set when the popover fits neither below nor above the chip: it then scrolls inside. */
  readonly maxHeight: number | undefined;
}

/**
 * Where the popover goes: under the chip, or above it when only that side has room, kept inside
 * the viewport; when neither side has room, on the roomier side with a scroll of its own.
 */
export function placePopover(anchor: DOMRect, width: number, height: number, viewport: { width: number; height: number }): Placement {
  const left = Math.max(MARGIN, Math.min(anchor.left, viewport.width - width - MARGIN));
  const roomBelow = viewport.height - anchor.bottom - GAP - MARGIN;
  const roomAbove = anchor.top - GAP - MARGIN;
  if (height <= roomBelow) return { top: anchor.bottom + GAP, left, maxHeight: undefined };
  if (height <= roomAbove) return { top: anchor.top - GAP - height, left, maxHeight: undefined };
  if (roomBelow >= roomAbove) return { top: anchor.bottom + GAP, left, maxHeight: roomBelow };
  return { top: MARGIN, left, maxHeight: roomAbove };
}

