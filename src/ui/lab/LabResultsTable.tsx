import { useShallow } from 'zustand/react/shallow';
import { useStore, type Store } from '../../state/store.ts';
import type { LabMeasuredRow, LabSkippedRow } from '../../worker/protocol.ts';
import { errorText, type Translate } from '../i18n/reasons.ts';
import { useT } from '../i18n/use-t.ts';
import { BACKEND_NAMES } from '../model-bar/catalog-labels.ts';
import { formatInteger } from '../model-bar/format.ts';
import { LAB_METRICS } from './lab-metrics.ts';

const selectTable = (s: Store) => ({ run: s.lab.run, rows: s.lab.rows, language: s.language });

/** Why a dtype was skipped, in the page's language. */
export function skippedText(t: Translate, row: LabSkippedRow): string {
  return row.unsupported ? t(`reason.${row.unsupported}`) : errorText(t, row.reason);
}

/** One row per dtype finished so far, columns as in {@link LAB_METRICS}; the baseline is marked. */
export function LabResultsTable() {
  const t = useT();
  const { run, rows, language } = useStore(useShallow(selectTable));
  if (!run || rows.length === 0) return null;
  const measured = rows.filter((r): r is LabMeasuredRow => r.status === 'measured');
  // The backend that ran the dtypes; before any is measured, the one asked for (unknown for Auto).
  const device = measured[0]?.device ?? (run.device === 'auto' ? null : run.device);
  const baseline = measured.find((r) => r.baseline);
  const model = run.modelId;
  // No baseline row with rows already here: the first dtype (fp32) was skipped, so nothing is compared.
  const caption =
    baseline ? t('lab.table.caption', { model, backend: BACKEND_NAMES[baseline.device], tokens: formatInteger(baseline.evaluatedTokens, language) })
    : device ? t('lab.table.captionNoBaseline', { model, backend: BACKEND_NAMES[device] })
    : t('lab.table.captionNoBaselineNoBackend', { model });
  const dropped = baseline && baseline.droppedTokens > 0 ? baseline : null;
  return (
    <div className="lab-table-wrap">
      <table className="lab-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.col.dtype')}</th>
            {LAB_METRICS.map((m) => (
              <th key={m.key} scope="col">
                {t(m.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.dtype} data-dtype={row.dtype} className={row.status === 'measured' && row.baseline ? 'lab-baseline' : undefined}>
              <th scope="row">
                <span translate="no">{row.dtype}</span>
                {row.status === 'measured' && row.baseline && <span className="lab-baseline-tag"> ({t('lab.baseline')})</span>}
              </th>
              {row.status === 'skipped' ?
                <td colSpan={LAB_METRICS.length} className="lab-skipped">
                  {t('lab.skipped', { reason: skippedText(t, row) })}
                </td>
              : LAB_METRICS.map((m) => {
                  const value = m.value(row);
                  const text = value === null ? (m.key === 'download' ? '—' : t('lab.noBaseline')) : m.format(value, t, language);
                  return (
                    <td key={m.key} data-metric={m.key}>
                      {m.key === 'download' && row.downloadSource === 'catalog' ? t('lab.download.catalog', { size: text }) : text}
                    </td>
                  );
                })
              }
            </tr>
          ))}
        </tbody>
      </table>
      {dropped && <p className="field-hint">{t('lab.dropped', { kept: dropped.evaluatedTokens, dropped: dropped.droppedTokens })}</p>}
      <p className="field-hint">{t('lab.table.note')}</p>
    </div>
  );
}
