/** Numbers of the metrics row, written the way the page's language writes them. */

/** Milliseconds, whole: "1,234 ms". */
export function formatMilliseconds(ms: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(ms);
}

/** A rate with one decimal below 100 ("12.3"), whole above ("250"). */
export function formatRate(perSecond: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: perSecond < 100 ? 1 : 0 }).format(perSecond);
}
