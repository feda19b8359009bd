/**
 * Numbers as the model bar shows them, in the page's language.
 */

/** Decimal units, as download sizes are usually given (the catalog's sizes are in these). */
const BYTE_UNITS = ['B', 'kB', 'MB', 'GB'] as const;

/** `6600000` → `6.6 MB` (`6,6 MB` in Spanish). */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${BYTE_UNITS[unit]}`;
}

/** `124000000` → `124M`; `3332928` → `3.3M`. */
export function formatParameters(count: number, locale: string): string {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(count);
}

/** Whole milliseconds below 10 s (`812 ms`), seconds with one decimal above (`12.3 s`). */
export function formatMs(ms: number, locale: string): string {
  if (ms < 10_000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(ms)} ms`;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

export function formatInteger(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}
