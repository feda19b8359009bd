import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { formatLatency } from './format.ts';
import { selectLanguage } from '../i18n/use-t.ts';
import { selectHistory } from './selectors.ts';

/** Rows the list shows (the budget uses every record kept). */
const SHOWN = 10;

/** The latest suggestions, newest first: what each cost, and whether it was shown at all. */
export function SuggestionHistory() {
  const t = useT();
  const history = useStore(selectHistory);
  const language = useStore(selectLanguage);
  if (history.length === 0) return <p className="field-hint">{t('autocomplete.history.empty')}</p>;
  return (
    <div className="suggestion-history-scroll">
      <table className="suggestion-history" aria-label={t('autocomplete.history')}>
        <thead>
          <tr>
            <th scope="col">{t('autocomplete.history.text')}</th>
            <th scope="col">{t('autocomplete.history.outcome')}</th>
            <th scope="col">{t('autocomplete.history.latency')}</th>
            <th scope="col">{t('autocomplete.history.reused')}</th>
            <th scope="col">{t('autocomplete.history.prefill')}</th>
          </tr>
        </thead>
        <tbody>
          {history.slice(0, SHOWN).map((record) => (
            <tr key={record.id} className={`outcome-${record.outcome}`}>
              <td className="history-text" translate="no">
                …{record.textTail}
              </td>
              <td>{t(`autocomplete.outcome.${record.outcome}`)}</td>
              <td className="number">{formatLatency(record.latencyMs, language)}</td>
              <td className="number">{record.work ? `${record.work.reusedTokens} / ${record.work.promptTokens}` : '—'}</td>
              <td className="number">
                {record.work ? t('autocomplete.prefillValue', { ms: formatLatency(record.work.prefillMs, language), kind: t(`autocomplete.kind.${record.work.prefillKind}`) }) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
