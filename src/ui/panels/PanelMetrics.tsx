import { memo, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { selectLanguage } from '../i18n/use-t.ts';
import { formatMilliseconds, formatRate } from './metrics-format.ts';
import { panelMetricsSelector } from './selectors.ts';

const NONE = '—';

/** A term and its value. */
function Metric({ term, live = false, children }: { term: string; live?: boolean; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd aria-live={live ? 'polite' : undefined}>{children}</dd>
    </div>
  );
}

/** Time to first token, tokens/s, tokens generated and why the panel stopped. */
export const PanelMetrics = memo(function PanelMetrics({ index }: { readonly index: number }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const selector = useMemo(() => panelMetricsSelector(index), [index]);
  const { status, timeToFirstTokenMs, decodeTokensPerSecond, generatedTokens, finishReason, streamedTokens } = useStore(useShallow(selector));

  const finish = status === 'running' ? t('metrics.running') : finishReason ? t(`finish.${finishReason}`) : NONE;
  return (
    <div role="group" aria-label={t('metrics.label')} className="panel-metrics">
      <dl>
        <Metric term={t('metrics.ttft')}>
          {timeToFirstTokenMs !== null ? t('metrics.ms', { value: formatMilliseconds(timeToFirstTokenMs, language) }) : NONE}
        </Metric>
        <Metric term={t('metrics.tokensPerSecond')}>
          {decodeTokensPerSecond !== null ? formatRate(decodeTokensPerSecond, language) : NONE}
        </Metric>
        <Metric term={t('metrics.generated')}>
          {generatedTokens ?? (status === 'idle' ? NONE : streamedTokens)}
        </Metric>
        <Metric term={t('metrics.finish')} live>
          {finish}
        </Metric>
      </dl>
    </div>
  );
});
