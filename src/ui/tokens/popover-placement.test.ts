import { describe, expect, it } from 'vitest';
import { placePopover } from './popover-placement.ts';

const viewport = { width: 1280, height: 720 };
const chip = (left: number, top: number) => ({ left, top, bottom: top + 20, right: left + 50, width: 50, height: 20, x: left, y: top, toJSON: () => ({}) }) as DOMRect;

describe('placePopover', () => {
  it('goes under the chip when it fits', () => {
    expect(placePopover(chip(100, 100), 380, 400, viewport)).toEqual({ top: 126, left: 100, maxHeight: undefined });
  });
  it('goes above when only the space above fits it', () => {
    expect(placePopover(chip(100, 600), 380, 400, viewport)).toEqual({ top: 194, left: 100, maxHeight: undefined });
  });
  // The case the first screenshot showed: a chip mid-screen and a popover taller than either side.
  it('scrolls on the roomier side when neither fits', () => {
    expect(placePopover(chip(244, 400), 380, 600, viewport)).toEqual({ top: 8, left: 244, maxHeight: 386 });
    expect(placePopover(chip(244, 200), 380, 600, viewport)).toEqual({ top: 226, left: 244, maxHeight: 486 });
  });
  it('stays inside the viewport sideways', () => {
    expect(placePopover(chip(1200, 100), 380, 300, viewport).left).toBe(1280 - 380 - 8);
    expect(placePopover(chip(-20, 100), 380, 300, viewport).left).toBe(8);
  });
});
