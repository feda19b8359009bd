import type { SamplingStep } from '../../engine/types.ts';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { selectLanguage } from '../i18n/use-t.ts';
import { barWidths, formatProbability, visibleTokenText } from './probability.ts';

/** One probability as a bar with its number; a meter so it is read as a value, not decoration. */
function ProbabilityBar({ value, width, label, kind, language }: { value: number; width: number; label: string; kind: 'raw' | 'final'; language: string }) {
  const text = formatProbability(value, language);
  return (
    <div className="candidate-bar">
      <div role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={1} aria-valuenow={value} aria-valuetext={text} className={`bar bar-${kind}`}>
        <span className="bar-fill" style={{ width: `${(width * 100).toFixed(1)}%` }} />
      </div>
      <span className="bar-value">{text}</span>
    </div>
  );
}

/**
 * The step's most probable tokens with their raw and final probabilities side by side, and what
 * each stage did: removed by top-k / top-p / min-p / the n-gram ban / greedy, or penalised.
 */
export function CandidateTable({ step, candidateTexts }: { readonly step: SamplingStep; readonly candidateTexts: readonly string[] }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const candidates = step.topCandidates;
  const raw = barWidths(candidates.map((c) => c.rawProbability));
  const final = barWidths(candidates.map((c) => c.finalProbability));
  return (
    <table className="candidate-table">
      <caption>{t('tokens.candidates', { count: candidates.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tokens.candidate')}</th>
          <th scope="col">{t('tokens.raw')}</th>
          <th scope="col">{t('tokens.final')}</th>
        </tr>
      </thead>
      <tbody>
        {candidates.map((candidate, i) => {
          const chosen = candidate.id === step.tokenId;
          return (
            <tr key={candidate.id} className={chosen ? 'chosen' : candidate.removedBy ? 'removed' : undefined}>
              <th scope="row">
                <span className="candidate-id">{candidate.id}</span>
                <code className="candidate-text" translate="no">{visibleTokenText(candidateTexts[i] ?? '')}</code>
                <span className="candidate-tags">
                  {chosen && <span className="tag tag-chosen">{t('tokens.chosen')}</span>}
                  {candidate.removedBy && <span className="tag tag-removed">{t(`tokens.removedBy.${candidate.removedBy}`)}</span>}
                  {candidate.penalized && <span className="tag tag-penalized">{t('tokens.penalized')}</span>}
                </span>
              </th>
              <td>
                <ProbabilityBar value={candidate.rawProbability} width={raw[i] ?? 0} label={t('tokens.meterRaw', { id: candidate.id })} kind="raw" language={language} />
              </td>
              <td>
                <ProbabilityBar value={candidate.finalProbability} width={final[i] ?? 0} label={t('tokens.meterFinal', { id: candidate.id })} kind="final" language={language} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
