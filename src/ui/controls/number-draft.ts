/**
 * What a number input does with the text a person types: values in range go out as typed (the
 * slider follows), anything else waits for blur or Enter and is then clamped. Nothing out of
 * range ever reaches the store.
 */
import { clampToRange, type Range } from '../../engine/settings-schema.ts';

/** The number `text` means, or null when it is not one yet ('', '-', '1e'). */
export function parseDraft(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** The value to send while typing: only a number already inside the range (then snapped to its step). */
export function liveValue(text: string, range: Range): number | null {
  const value = parseDraft(text);
  if (value === null || value < range.min || value > range.max) return null;
  return clampToRange(value, range);
}

/** The value to send on blur or Enter: the typed number clamped into range; `fallback` when there is none. */
export function committedValue(text: string, range: Range, fallback: number): number {
  const value = parseDraft(text);
  return value === null ? fallback : clampToRange(value, range);
}

/** How a value is written in the input: as many decimals as the step has, no more. */
export function formatForInput(value: number, range: Range): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(range.step)));
  return String(Number(value.toFixed(decimals)));
}
