import { memo, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { visibleTokenText } from '../tokens/probability.ts';
import { promptTokensAreCurrent } from './prompt-tokens.ts';

const selectPromptTokens = (s: Store) => ({ ids: s.promptIds, texts: s.promptTokenTexts, dropped: s.droppedPromptTokens });
/** A boolean, so typing in the prompt re-renders this only when the answer flips. */
const selectCurrent = (s: Store) => promptTokensAreCurrent(s.prompt, s.promptTokenTexts, s.droppedPromptTokens);

/** The prompt as the model saw it: one chip per token, its text and its id. */
export const PromptTokens = memo(function PromptTokens() {
  const t = useT();
  const labelId = useId();
  const { ids, texts, dropped } = useStore(useShallow(selectPromptTokens));
  const current = useStore(selectCurrent);
  return (
    <div className="prompt-tokens">
      <span id={labelId} className="section-label">
        {t('prompt.tokens')}
      </span>
      {ids.length === 0 ? (
        <p className="field-hint">{t('prompt.tokensNone')}</p>
      ) : (
        <>
          <ol className="prompt-token-list" aria-labelledby={labelId} translate="no">
            {ids.map((id, i) => {
              const text = texts[i];
              return (
                <li key={i} className="prompt-token">
                  {text !== undefined && <span className="prompt-token-text">{visibleTokenText(text)}</span>}
                  <span className="prompt-token-id">{id}</span>
                </li>
              );
            })}
          </ol>
          {dropped > 0 && <p className="field-hint">{t('prompt.tokensDropped', { count: dropped })}</p>}
          {!current && dropped === 0 && <p className="field-hint">{t('prompt.tokensStale')}</p>}
        </>
      )}
    </div>
  );
});
