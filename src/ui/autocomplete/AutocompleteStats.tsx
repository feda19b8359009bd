import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { latencyBudget, type LatencySummary } from '../../state/autocomplete-latency.ts';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { BACKEND_NAMES } from '../model-bar/catalog-labels.ts';
import { formatLatency, formatShare } from './format.ts';
import { selectLanguage } from '../i18n/use-t.ts';
import { selectCacheStats, selectDevice, selectHistory } from './selectors.ts';
import { SuggestionHistory } from './SuggestionHistory.tsx';

/** The cache, the latency budget on the backend in use, what KV reuse saved, and the latest suggestions. */
export function AutocompleteStats() {
  const t = useT();
  const cache = useStore(useShallow(selectCacheStats));
  const history = useStore(selectHistory);
  const device = useStore(selectDevice);
  const language = useStore(selectLanguage);
  const budget = useMemo(() => (device ? latencyBudget(history, device) : null), [history, device]);
  const lastWork = history.find((r) => r.work !== null && r.device === device)?.work ?? null;
  const lookups = cache.hits + cache.misses;
  const summary = (s: LatencySummary | undefined) =>
    !s || s.count === 0 || s.medianMs === null || s.p95Ms === null
      ? t('autocomplete.budget.none')
      : t('autocomplete.budget.value', { median: formatLatency(s.medianMs, language), p95: formatLatency(s.p95Ms, language), count: s.count });

  return (
    <section className="card autocomplete-stats" aria-labelledby="autocomplete-stats-title">
      <h3 id="autocomplete-stats-title" className="section-label">
        {t('autocomplete.stats')}
      </h3>
      {device && <p className="autocomplete-backend">{t('autocomplete.backend', { backend: BACKEND_NAMES[device] })}</p>}
      <dl className="autocomplete-facts">
        <div>
          <dt>{t('autocomplete.cache')}</dt>
          <dd>{t('autocomplete.cacheSize', { size: cache.size, capacity: cache.capacity })}</dd>
        </div>
        <div>
          <dt>{t('autocomplete.hitRate')}</dt>
          <dd>{t('autocomplete.hitRateValue', { rate: formatShare(cache.hitRate, language), hits: cache.hits, lookups })}</dd>
        </div>
        <div>
          <dt>{t('autocomplete.budget')}</dt>
          <dd>
            <span className="budget-row">
              {t('autocomplete.budget.computed')}: {summary(budget?.computed)}
            </span>
            <span className="budget-row">
              {t('autocomplete.budget.shown')}: {summary(budget?.shown)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('autocomplete.reuse')}</dt>
          <dd>
            {lastWork ? (
              <>
                <span className="budget-row">
                  {t('autocomplete.reuse.value', {
                    reused: lastWork.reusedTokens,
                    prompt: lastWork.promptTokens,
                    fed: lastWork.promptTokens - lastWork.reusedTokens,
                    ms: formatLatency(lastWork.prefillMs, language),
                  })}
                </span>
                {lastWork.fullPrefill && (
                  <span className="budget-row">{t('autocomplete.reuse.full', { tokens: lastWork.fullPrefill.tokens, ms: formatLatency(lastWork.fullPrefill.ms, language) })}</span>
                )}
              </>
            ) : (
              t('autocomplete.reuse.none')
            )}
          </dd>
        </div>
      </dl>
      <h4 className="section-label">{t('autocomplete.history')}</h4>
      <SuggestionHistory />
    </section>
  );
}
