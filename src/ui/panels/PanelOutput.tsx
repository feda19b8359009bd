import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { useT } from '../i18n/use-t.ts';
import { TokenStrip } from '../tokens/TokenStrip.tsx';
import { selectTokenView } from '../workspace/selectors.ts';
import { panelOutputSelector } from './selectors.ts';

/**
 * The model's output, as plain text (React escapes it: model output is never HTML) or as token
 * chips. The box follows the end while streaming through CSS alone (a reversed flex column stays
 * anchored at the bottom): reading scrollHeight per frame would force a layout per panel.
 */
export const PanelOutput = memo(function PanelOutput({ index }: { readonly index: number }) {
  const selector = useMemo(() => panelOutputSelector(index), [index]);
  const { text, tokens, running } = useStore(useShallow(selector));
  const tokenView = useStore(selectTokenView);
  return <OutputView text={text} tokens={tokens} running={running} tokenView={tokenView} panelNumber={index + 1} />;
});

export interface OutputViewProps {
  readonly text: string;
  readonly tokens: readonly TokenSnapshot[];
  readonly running: boolean;
  readonly tokenView: boolean;
  readonly panelNumber: number;
}

/** What PanelOutput shows, from plain props. */
export function OutputView({ text, tokens, running, tokenView, panelNumber }: OutputViewProps) {
  const t = useT();
  const empty = tokenView ? tokens.length === 0 : text === '';
  return (
    <article className="panel-output" aria-label={t('panels.output')} aria-busy={running}>
      <div className="panel-output-content">
        {empty ? (
          <p className="panel-placeholder">{running ? '…' : t('panels.empty')}</p>
        ) : tokenView ? (
          <TokenStrip tokens={tokens} panelNumber={panelNumber} />
        ) : (
          <p className="panel-text" translate="no">
            {text}
          </p>
        )}
      </div>
    </article>
  );
}
