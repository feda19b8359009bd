import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { selectLanguage } from '../i18n/use-t.ts';
import { CandidateTable } from './CandidateTable.tsx';
import { GAP, placePopover, type Placement } from './popover-placement.ts';
import { formatProbability, visibleTokenText } from './probability.ts';

export interface TokenPopoverProps {
  readonly id: string;
  readonly token: TokenSnapshot;
  /** Where the chip is on screen; the popover goes below it, or above when there is no room. */
  readonly anchor: DOMRect;
  readonly onPointerEnter: () => void;
  readonly onPointerLeave: () => void;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/**
 * The details of one generated token: id, probabilities, rank and the ten most probable
 * candidates with what each sampling stage did to them. A tooltip (shown on hover or focus,
 * described by the chip), named after the token.
 */
export function TokenPopover({ id, token, anchor, onPointerEnter, onPointerLeave }: TokenPopoverProps) {
  const t = useT();
  const language = useStore(selectLanguage);
  const box = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<Placement | null>(null);
  const { step } = token;

  useLayoutEffect(() => {
    const el = box.current;
    if (el) setPosition(placePopover(anchor, el.offsetWidth, el.scrollHeight, { width: window.innerWidth, height: window.innerHeight }));
  }, [anchor]);

  return (
    <div
      ref={box}
      id={id}
      role="tooltip"
      aria-label={t('tokens.popover', { id: step.tokenId })}
      className="token-popover"
      style={position ? { top: position.top, left: position.left, maxHeight: position.maxHeight } : { top: anchor.bottom + GAP, left: anchor.left, visibility: 'hidden' }}
      onPointerEnter={onPointerEnter}
      onPointerLeave={onPointerLeave}
    >
      <dl className="token-facts">
        <Fact term={t('tokens.text')}>
          <code translate="no">{visibleTokenText(token.tokenText)}</code>
        </Fact>
        <Fact term={t('tokens.id')}>{step.tokenId}</Fact>
        <Fact term={t('tokens.rank')}>{t('tokens.rankValue', { rank: step.rawRank + 1 })}</Fact>
        <Fact term={t('tokens.rawProbability')}>{formatProbability(step.rawProbability, language)}</Fact>
        <Fact term={t('tokens.finalProbability')}>{formatProbability(step.finalProbability, language)}</Fact>
        <Fact term={t('tokens.kept')}>{step.keptCount}</Fact>
      </dl>
      {step.greedy && <p className="token-note">{t('tokens.greedyStep')}</p>}
      <CandidateTable step={step} candidateTexts={token.candidateTexts} />
      <p className="field-hint">{t('tokens.barsNote')}</p>
    </div>
  );
}
