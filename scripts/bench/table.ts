/**
 * Fixed-width text tables for the benchmark's output: columns padded to their widest cell, numbers
 * right-aligned, so the result reads the same in a terminal and pasted into an issue.
 */

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align: Align;
}

/** A left-aligned column, for names and notes (see {@link columns}). */
export const left = (header: string): Column => ({ header, align: 'left' });

/**
 * A table's columns from their headers: the first (the row's name) and those given as
 * {@link left} are left-aligned, the other headers right-aligned (numbers).
 */
export function columns(...headers: readonly (string | Column)[]): Column[] {
  return headers.map((h, i) => (typeof h !== 'string' ? h : i === 0 ? left(h) : { header: h, align: 'right' }));
}

/** Lays out `rows` under `columns`, with a rule under the header; cells missing from a row are blank. */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, c) => Math.max(column.header.length, ...rows.map((row) => (row[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    columns
      .map((column, c) => {
        const cell = cells[c] ?? '';
        const width = widths[c] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(columns.map((c) => c.header)), rule, ...rows.map(line)].join('\n');
}

/** `1.08×`; `n/a` when the ratio cannot be formed (a zero or missing baseline). */
export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'n/a';
}

/** A number with a precision that suits its size: 1234, 123.4, 12.34, 1.234. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 10 ? 2 : 3;
  return value.toFixed(digits);
}

/** A spread as `±4%` (half the max−min range, relative to the median). */
export function formatSpread(spread: number): string {
  return Number.isFinite(spread) ? `±${Math.round((spread / 2) * 100)}%` : 'n/a';
}
