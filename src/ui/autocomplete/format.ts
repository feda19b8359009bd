/** Numbers of the autocomplete stats, written the way the page's language writes them. */

/** Milliseconds with one decimal below 10 ("0.4 ms", "3.2 ms"), whole above ("128 ms"). */
export function formatLatency(ms: number, locale: string): string {
  const digits = ms < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ms)} ms`;
}

/** A share as a whole percentage: "67 %" in Spanish, "67%" in English. */
export function formatShare(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);
}
