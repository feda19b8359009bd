import { useStore, type Store } from '../../state/store.ts';
import type { LabMeasuredRow } from '../../worker/protocol.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { LAB_METRICS, type LabMetric } from './lab-metrics.ts';

const selectRows = (s: Store) => s.lab.rows;
const WIDTH = 320;
const LABEL_WIDTH = 44;
const VALUE_WIDTH = 96;
const ROW_HEIGHT = 22;

/** One small bar chart per metric, over the dtypes measured so far. */
export function LabCharts() {
  const t = useT();
  const rows = useStore(selectRows);
  const measured = rows.filter((r): r is LabMeasuredRow => r.status === 'measured');
  if (measured.length === 0) return null;
  return (
    <section className="lab-charts" aria-labelledby="lab-charts-title">
      <h4 id="lab-charts-title">{t('lab.charts.title')}</h4>
      <div className="lab-chart-grid">
        {LAB_METRICS.map((metric) => (
          <MetricChart key={metric.key} metric={metric} rows={measured} />
        ))}
      </div>
    </section>
  );
}

/**
 * Horizontal bars, one per dtype, each with its dtype and its value written beside it: the
 * numbers are text, not only lengths. Screen readers get the same values from the label.
 */
function MetricChart({ metric, rows }: { metric: LabMetric; rows: readonly LabMeasuredRow[] }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const bars = rows.map((row) => {
    const value = metric.value(row);
    return { dtype: row.dtype, value, text: value === null ? '—' : metric.format(value, t, language) };
  });
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = bars.length * ROW_HEIGHT + 4;
  const title = t(metric.label);
  const label = t('lab.chart.label', { metric: title, better: t(`lab.chart.${metric.better}`), values: bars.map((b) => `${b.dtype} ${b.text}`).join(', ') });
  return (
    <figure className="lab-chart" data-metric={metric.key}>
      <figcaption>
        {title} <span className="lab-chart-better">({t(`lab.chart.${metric.better}`)})</span>
      </figcaption>
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${height}`} className="lab-chart-svg">
        {bars.map((bar, i) => {
          const y = i * ROW_HEIGHT + 2;
          const length = max > 0 && bar.value !== null ? Math.max(1, (bar.value / max) * barSpace) : 0;
          return (
            <g key={bar.dtype}>
              <text x={0} y={y + ROW_HEIGHT / 2 + 4} className="lab-chart-label">
                {bar.dtype}
              </text>
              <rect x={LABEL_WIDTH} y={y + 3} width={length} height={ROW_HEIGHT - 8} rx={2} className={`lab-chart-bar lab-chart-bar-${bar.dtype}`} />
              <text x={LABEL_WIDTH + length + 4} y={y + ROW_HEIGHT / 2 + 4} className="lab-chart-value">
                {bar.text}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
