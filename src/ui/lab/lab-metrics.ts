/**
 * The lab's measured columns, in one place for the table and the charts: how to read each one off
 * a row and how to write it in the page's language.
 */
import type { LabMeasuredRow } from '../../worker/protocol.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Translate } from '../i18n/reasons.ts';
import { formatBytes, formatMs } from '../model-bar/format.ts';
import { formatPercent, formatSignificant } from './lab-format.ts';

export type LabMetricKey = 'download' | 'load' | 'decode' | 'perplexity' | 'kl' | 'top1' | 'maxDiff';

export interface LabMetric {
  readonly key: LabMetricKey;
  readonly label: MessageKey;
  /** The number a chart draws; null where the row has none (no baseline, size unknown). */
  value(row: LabMeasuredRow): number | null;
  format(value: number, t: Translate, locale: string): string;
  readonly better: 'lower' | 'higher';
}

export const LAB_METRICS: readonly LabMetric[] = [
  { key: 'download', label: 'lab.col.download', value: (r) => r.downloadBytes, format: (v, _t, l) => formatBytes(v, l), better: 'lower' },
  { key: 'load', label: 'lab.col.load', value: (r) => r.loadMs, format: (v, _t, l) => formatMs(v, l), better: 'lower' },
  {
    key: 'decode',
    label: 'lab.col.decode',
    value: (r) => r.decodeTokensPerSecond,
    format: (v, t, l) => t('lab.tokensPerSecond', { value: formatSignificant(v, l, 3) }),
    better: 'higher',
  },
  { key: 'perplexity', label: 'lab.col.perplexity', value: (r) => r.perplexity, format: (v, _t, l) => formatSignificant(v, l, 6), better: 'lower' },
  { key: 'kl', label: 'lab.col.kl', value: (r) => r.meanKl, format: (v, t, l) => t('lab.kl.value', { value: formatSignificant(v, l, 3) }), better: 'lower' },
  { key: 'top1', label: 'lab.col.top1', value: (r) => r.top1Agreement, format: (v, _t, l) => formatPercent(v, l), better: 'higher' },
  { key: 'maxDiff', label: 'lab.col.maxDiff', value: (r) => r.maxLogitDiff, format: (v, _t, l) => formatSignificant(v, l, 3), better: 'lower' },
];
