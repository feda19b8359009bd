/**
 * The playground's request: every panel at once, as one batch of the decoding loop. Tokens are
 * buffered and sent at most every {@link TOKEN_FLUSH_MS}, so a fast model does not send a message
 * per token; a finished panel's last tokens go out before its `panel_done`.
 */
import { decodeBatch, type GeneratedToken, type PanelReport } from '../engine/decode-loop.ts';
import type { Runner, Running } from './mode-context.ts';
import type { PanelOutcome, TokenSnapshot } from './protocol.ts';
import { textCodec } from './text-codec.ts';

/** Tokens are flushed at most this often, so a fast model does not send a message per token. */
export const TOKEN_FLUSH_MS = 50;

/** A panel's report as it crosses the boundary: its token ids went out in the streamed snapshots. */
function panelOutcome(report: PanelReport): PanelOutcome {
  return {
    finishReason: report.finishReason,
    generatedTokens: report.tokenIds.length,
    text: report.text,
    timeToFirstTokenMs: report.timeToFirstTokenMs,
    decodeTokensPerSecond: report.decodeTokensPerSecond,
  };
}

export const runGenerate: Runner<'generate'> = async (ctx, request) => {
  const { tokenizer, lm } = ctx.requireSession();
  const { requestId } = request;
  const { deps } = ctx;
  const stops = new Map<number, 'stopped' | 'cancelled'>();
  const me: Running = {
    requestId,
    stop: (panel, reason) => {
      for (let i = 0; i < request.panels.length; i++) {
        if ((panel === null || panel === i) && !stops.has(i)) stops.set(i, reason);
      }
    },
  };
  const untrack = ctx.track(me);
  const buffered = new Map<number, TokenSnapshot[]>();
  let lastFlush = deps.now();
  const flush = () => {
    if (buffered.size === 0) return;
    ctx.emit({ type: 'tokens', requestId, panels: [...buffered].map(([panel, tokens]) => ({ panel, tokens })) });
    buffered.clear();
    lastFlush = deps.now();
  };
  try {
    const decoder = textCodec(tokenizer);
    const promptIds = decoder.encode(request.prompt);
    const report = await decodeBatch(lm, decoder, promptIds, request.panels, {
      stopReason: (panel) => stops.get(panel) ?? null,
      yieldToHost: async () => {
        if (deps.now() - lastFlush >= TOKEN_FLUSH_MS) flush();
        await deps.yieldToHost();
      },
      onToken: (panel: number, token: GeneratedToken) => {
        const list = buffered.get(panel) ?? [];
        list.push({
          index: token.index,
          step: token.step,
          tokenText: token.tokenText,
          textDelta: token.textDelta,
          atMs: token.atMs,
          candidateTexts: token.step.topCandidates.map((c) => decoder.decode([c.id])),
        });
        buffered.set(panel, list);
      },
      onPanelFinish: (panel, panelReport) => {
        // Its last tokens first, so the page never shows a finished panel short of its text.
        flush();
        ctx.emit({ type: 'panel_done', requestId, panel, outcome: panelOutcome(panelReport) });
      },
      now: deps.now,
    });
    const { panels, ...timings } = report;
    return { ...timings, promptTokenTexts: report.promptIds.map((id) => decoder.decode([id])), panels: panels.map(panelOutcome) };
  } finally {
    // Tokens sampled before a failure still go out, before the terminal message.
    flush();
    untrack();
  }
};
