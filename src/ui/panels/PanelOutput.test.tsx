import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { tokenId, type SamplingStep } from '../../engine/types.ts';
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { OutputView } from './PanelOutput.tsx';

const MARKUP = '<img src=x onerror="alert(1)"><b>bold</b>';

const step: SamplingStep = {
  tokenId: tokenId(27),
  rawProbability: 0.3,
  finalProbability: 0.5,
  rawRank: 0,
  uniform: 0.1,
  keptCount: 2,
  greedy: false,
  topCandidates: [],
};

function showOutput(text: string, tokens: readonly TokenSnapshot[], tokenView: boolean): string {
  return renderToStaticMarkup(<OutputView text={text} tokens={tokens} running={false} tokenView={tokenView} panelNumber={1} />);
}

// Model output is untrusted text: whatever it spells, it must never become elements.
describe('OutputView', () => {
  it('shows markup in the text as text', () => {
    const html = showOutput(MARKUP, [], false);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;b&gt;bold&lt;/b&gt;');
  });

  it('shows markup in token chips as text', () => {
    const html = showOutput(MARKUP, [{ index: 0, step, tokenText: MARKUP, textDelta: MARKUP, candidateTexts: [MARKUP], atMs: 10 }], true);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).toMatch(/<button[^>]*class="token-chip band-3"/);
  });
});
