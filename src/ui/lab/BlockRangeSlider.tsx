import { useState } from 'react';
import { useStore } from '../../state/store.ts';
import { SliderField } from '../controls/SliderField.tsx';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { formatSignificant } from './lab-format.ts';
import { BLOCK_RANGE, rangeErrors, type RangeErrors } from './quant-demo.ts';

const WIDTH = 320;
const HEIGHT = 150;
const PAD = { left: 44, right: 8, top: 8, bottom: 24 };
/** Ranges the chart's lines are drawn through. */
const SAMPLES = Array.from({ length: 32 }, (_, i) => BLOCK_RANGE.min + ((BLOCK_RANGE.max - BLOCK_RANGE.min) * i) / 31).map(rangeErrors);
const SERIES = [
  { key: 'q4Symmetric', label: 'lab.range.q4s', className: 'lab-line-q4s', dash: undefined },
  { key: 'q4Asymmetric', label: 'lab.range.q4a', className: 'lab-line-q4a', dash: '6 3' },
  { key: 'int8', label: 'lab.range.int8', className: 'lab-line-int8', dash: '2 3' },
] as const;

/** A slider for a block's range, and how the worst-case rounding error follows it, as text and as a chart. */
export function BlockRangeSlider() {
  const t = useT();
  const language = useStore(selectLanguage);
  const [range, setRange] = useState<number>(BLOCK_RANGE.initial);
  const errors = rangeErrors(range);
  const f = (x: number) => formatSignificant(x, language, 3);
  const yMax = SAMPLES.at(-1)!.q4Symmetric;
  const x = (r: number) => PAD.left + ((r - BLOCK_RANGE.min) / (BLOCK_RANGE.max - BLOCK_RANGE.min)) * (WIDTH - PAD.left - PAD.right);
  const y = (e: number) => HEIGHT - PAD.bottom - (e / yMax) * (HEIGHT - PAD.top - PAD.bottom);
  const path = (key: (typeof SERIES)[number]['key']) => SAMPLES.map((s: RangeErrors, i) => `${i === 0 ? 'M' : 'L'}${x(s.range).toFixed(1)},${y(s[key]).toFixed(1)}`).join(' ');
  const summary = t('lab.range.text', { range: f(range), min: f(-range / 2), max: f(range / 2), q4s: f(errors.q4Symmetric), q4a: f(errors.q4Asymmetric), int8: f(errors.int8), measured: f(errors.q4SymmetricMeasured) });
  return (
    <section className="lab-quant lab-range" aria-labelledby="lab-range-title">
      <h4 id="lab-range-title">{t('lab.range.title')}</h4>
      <p>{t('lab.range.intro')}</p>
      <SliderField label={t('lab.range.label')} value={range} range={BLOCK_RANGE} onCommit={setRange} />
      <p aria-live="polite" data-testid="range-summary">
        {summary}
      </p>
      <figure className="lab-chart">
        <figcaption>{t('lab.range.chart')}</figcaption>
        <svg role="img" aria-label={`${t('lab.range.chart')}. ${summary}`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="lab-chart-svg">
          <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} className="lab-axis" />
          <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} className="lab-axis" />
          <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" className="lab-chart-label">
            {f(yMax)}
          </text>
          <text x={PAD.left - 4} y={HEIGHT - PAD.bottom} textAnchor="end" className="lab-chart-label">
            0
          </text>
          <text x={PAD.left} y={HEIGHT - 6} className="lab-chart-label">
            {f(BLOCK_RANGE.min)}
          </text>
          <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="lab-chart-label">
            {f(BLOCK_RANGE.max)}
          </text>
          <text x={(PAD.left + WIDTH) / 2} y={HEIGHT - 6} textAnchor="middle" className="lab-chart-label">
            {t('lab.range.axis')}
          </text>
          {SERIES.map((s) => (
            <path key={s.key} d={path(s.key)} className={`lab-line ${s.className}`} strokeDasharray={s.dash} />
          ))}
          <line x1={x(range)} y1={PAD.top} x2={x(range)} y2={HEIGHT - PAD.bottom} className="lab-marker" />
          {SERIES.map((s) => (
            <circle key={s.key} cx={x(range)} cy={y(errors[s.key])} r={3} className={`lab-dot ${s.className}`} />
          ))}
        </svg>
        <ul className="lab-legend">
          {SERIES.map((s) => (
            <li key={s.key}>
              <svg width="24" height="8" aria-hidden="true">
                <line x1="0" y1="4" x2="24" y2="4" className={`lab-line ${s.className}`} strokeDasharray={s.dash} />
              </svg>{' '}
              {t(s.label)}
            </li>
          ))}
        </ul>
      </figure>
    </section>
  );
}
