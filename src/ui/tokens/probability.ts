/**
 * How token probabilities are shown: colour bands for the chips, percentages, and bar widths for
 * the candidates in the popover.
 */

/**
 * Upper bounds of the colour bands. Logarithmic-ish because a language model spreads most of its
 * probability thin: 1 % is already a likely token among 50,257.
 */
export const PROBABILITY_BANDS = [0.01, 0.05, 0.2, 0.5] as const;

/** 0 (least probable) to 4 (most): the chip's colour band. */
export function probabilityBand(probability: number): number {
  const band = PROBABILITY_BANDS.findIndex((upper) => probability < upper);
  return band === -1 ? PROBABILITY_BANDS.length : band;
}

/** The bounds of each band, for the legend: [from, to) with to = 1 for the last. */
export function bandBounds(): readonly (readonly [number, number])[] {
  const edges = [0, ...PROBABILITY_BANDS, 1];
  return edges.slice(0, -1).map((from, i) => [from, edges[i + 1] ?? 1] as const);
}

/**
 * A probability as a percentage with enough digits to tell small ones apart
 * (0.0021 % for a random model's 1/50,257), never "0 %" for a token that had a chance.
 */
export function formatProbability(probability: number, locale: string): string {
  if (probability === 0) return new Intl.NumberFormat(locale, { style: 'percent' }).format(0);
  const digits = probability >= 0.1 ? 1 : probability >= 0.001 ? 2 : 4;
  const text = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: digits }).format(probability);
  // Below what the digits can show (a far-tail token): say so instead of rounding to zero.
  return probability < 10 ** -(digits + 2) ? `< ${new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(10 ** -(digits + 2))}` : text;
}

/**
 * Bar widths in [0, 1] for one column of probabilities, scaled to its largest value so a column
 * of tiny raw probabilities is as readable as a column of final ones; a non-zero value never
 * gets a zero-width bar.
 */
export function barWidths(probabilities: readonly number[], minimum = 0.02): number[] {
  const max = Math.max(0, ...probabilities);
  if (max === 0) return probabilities.map(() => 0);
  return probabilities.map((p) => (p > 0 ? Math.max(minimum, p / max) : 0));
}

/**
 * A token's text as a chip shows it: line breaks and tabs as visible marks, and a token of spaces
 * alone as "␣" marks, so no chip is empty.
 */
export function visibleTokenText(text: string): string {
  const marked = text.replace(/\r?\n/g, '↵').replace(/\t/g, '⇥');
  return marked.trim() === '' && marked !== '' ? marked.replace(/ /g, '␣') : marked === '' ? '∅' : marked;
}
