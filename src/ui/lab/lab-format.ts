/**
 * Numbers as the lab shows them, in the page's language: exact enough to see a rounding error,
 * short enough to read in a table.
 */

/** A number with up to `digits` significant digits; scientific below 0.001 and from 10^7 (`2.6E-7`). */
export function formatSignificant(value: number, locale: string, digits = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const scientific = magnitude < 1e-3 || magnitude >= 1e7;
  return new Intl.NumberFormat(locale, {
    maximumSignificantDigits: digits,
    notation: scientific ? 'scientific' : 'standard',
    useGrouping: false,
  }).format(value);
}

/**
 * A value exactly as a double prints it (up to 17 significant digits), so fp32's 0.1 reads
 * 0.100000001490116 and not 0.1.
 */
export function formatExact(value: number, locale: string): string {
  return formatSignificant(value, locale, 17);
}

/** `0.905` → `90.5 %` (`90,5 %` in Spanish). */
export function formatPercent(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/**
 * Reads a number typed by a person: `1`, `-2.5`, `6.5e4`, `0,5` (a decimal comma, as in Spanish),
 * `inf`, `-Infinity`, `nan`. Returns null for anything else (an empty field too).
 */
export function parseTypedNumber(text: string): number | null {
  const trimmed = text.trim().replace(/\s+/g, '').replace(/^−/, '-');
  if (trimmed === '') return null;
  const lower = trimmed.toLowerCase();
  if (/^[+-]?(inf|infinity|∞)$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  if (lower === 'nan') return NaN;
  const normalised = trimmed.includes('.') ? trimmed : trimmed.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(normalised)) return null;
  return Number(normalised);
}
