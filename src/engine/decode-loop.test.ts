import { describe, expect, it } from 'vitest';
import type { BatchedLm, TokenDecoder } from './batched-lm.ts';
import { decodeBatch, DecodeRequestError, fitPrompt, type DecodeControl, type GeneratedToken, type PanelReport, type PanelSpec } from './decode-loop.ts';
import { NEUTRAL_SAMPLING_SETTINGS, tokenId, type SamplingSettings, type TokenId } from './types.ts';

const ids = (...values: number[]): TokenId[] => values.map(tokenId);
const EOS = tokenId(7);
const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', '<eos>'];
const decoder: TokenDecoder = { decode: (tokens) => tokens.map((t) => NAMES[t] ?? '?').join('') };

const GREEDY: SamplingSettings = { ...NEUTRAL_SAMPLING_SETTINGS, greedy: true };
const panel = (maxNewTokens: number, settings: SamplingSettings = GREEDY, seed = 1): PanelSpec => ({ settings, seed, maxNewTokens });

interface ForwardCall {
  readonly kind: 'prefill' | 'step';
  readonly rows: number;
  readonly tokens: readonly TokenId[];
}

/**
 * A vocabulary of 8 where each row's next token is its last token + 1 (logit 10, the rest 0), so
 * greedy decoding counts up and ends at id 7, end-of-text. `flat` gives every token logit 0, so a
 * sampled token depends on the row's PRNG alone. Its clock moves 100 ms per prefill and 10 ms per
 * step, so the report's timings can be computed by hand.
 */
class CountingLm implements BatchedLm {
  readonly vocabSize = 8;
  readonly eosTokenId = EOS;
  readonly calls: ForwardCall[] = [];
  releases = 0;
  /** Positions in the cache; never above the context. */
  cached = 0;
  clock = 0;
  failStep = false;
  private last: TokenId[] = [];

  constructor(
    readonly contextLength = 64,
    private readonly flat = false,
  ) {}

  prefill(prompt: readonly TokenId[], rows: number): Promise<Float32Array[]> {
    this.calls.push({ kind: 'prefill', rows, tokens: [...prompt] });
    this.cached = prompt.length;
    this.clock += 100;
    this.last = Array.from({ length: rows }, () => prompt.at(-1) ?? EOS);
    return Promise.resolve(this.logits());
  }

  step(tokens: readonly TokenId[]): Promise<Float32Array[]> {
    if (this.failStep) return Promise.reject(new Error('step failed'));
    this.calls.push({ kind: 'step', rows: tokens.length, tokens: [...tokens] });
    if (tokens.length !== this.last.length) throw new Error(`batch changed from ${this.last.length} to ${tokens.length} rows`);
    this.cached += 1;
    if (this.cached > this.contextLength) throw new Error(`cache of ${this.cached} exceeds the context of ${this.contextLength}`);
    this.clock += 10;
    this.last = [...tokens];
    return Promise.resolve(this.logits());
  }

  release(): Promise<void> {
    this.releases++;
    this.cached = 0;
    return Promise.resolve();
  }

  private logits(): Float32Array[] {
    return this.last.map((t) => {
      const row = new Float32Array(this.vocabSize);
      if (!this.flat) row[(t + 1) % this.vocabSize] = 10;
      return row;
    });
  }
}

/** A control that records tokens and runs `onYield` (where a worker would receive a stop). */
function recorder(lm: CountingLm, onYield: (stops: Map<number, 'stopped' | 'cancelled'>) => void = () => undefined) {
  const stops = new Map<number, 'stopped' | 'cancelled'>();
  const tokens: { panel: number; token: GeneratedToken; forwardCalls: number }[] = [];
  const control: DecodeControl = {
    stopReason: (p) => stops.get(p) ?? null,
    yieldToHost: () => {
      onYield(stops);
      return Promise.resolve();
    },
    onToken: (p, token) => tokens.push({ panel: p, token, forwardCalls: lm.calls.length }),
    now: () => lm.clock,
  };
  const idsOf = (p: number) => tokens.filter((t) => t.panel === p).map((t) => t.token.step.tokenId);
  return { control, stops, tokens, idsOf };
}

describe('fitPrompt', () => {
  it('keeps the last contextLength - 1 tokens and counts the dropped ones', () => {
    expect(fitPrompt(ids(0, 1, 2, 3, 4, 5, 6, 0, 1, 2), 5, EOS)).toEqual({ ids: ids(6, 0, 1, 2), dropped: 6 });
  });

  it('keeps a prompt that leaves room for one token', () => {
    expect(fitPrompt(ids(0, 1, 2, 3), 5, EOS)).toEqual({ ids: ids(0, 1, 2, 3), dropped: 0 });
  });

  it('starts an empty prompt from end-of-text, as Hugging Face does', () => {
    expect(fitPrompt([], 5, EOS)).toEqual({ ids: [EOS], dropped: 0 });
  });

  it('leaves room for the tokens asked for: the last contextLength - maxNewTokens prompt tokens', () => {
    // Why: a prompt over the context must not leave the run room for one token only.
    expect(fitPrompt(ids(0, 1, 2, 3, 4, 5, 6, 0, 1, 2), 8, EOS, 5)).toEqual({ ids: ids(0, 1, 2), dropped: 7 });
    expect(fitPrompt(ids(0, 1, 2), 8, EOS, 5)).toEqual({ ids: ids(0, 1, 2), dropped: 0 });
    // Asking for the whole context still keeps one prompt token.
    expect(fitPrompt(ids(0, 1, 2), 8, EOS, 8)).toEqual({ ids: ids(2), dropped: 2 });
  });
});

describe('decodeBatch', () => {
  it('prefills once with one row per panel, then steps every row together', async () => {
    const lm = new CountingLm();
    const { control } = recorder(lm);
    const report = await decodeBatch(lm, decoder, ids(0, 1), [panel(3), panel(3), panel(3)], control);
    expect(lm.calls).toEqual([
      { kind: 'prefill', rows: 3, tokens: ids(0, 1) },
      { kind: 'step', rows: 3, tokens: ids(2, 2, 2) },
      { kind: 'step', rows: 3, tokens: ids(3, 3, 3) },
    ]);
    // The third token is sampled and never fed back: no forward pass is wasted.
    expect(report.panels.map((p) => p.tokenIds)).toEqual([ids(2, 3, 4), ids(2, 3, 4), ids(2, 3, 4)]);
    expect(lm.releases).toBe(1);
  });

  it('finishes a panel at max tokens, at end-of-text, or when the context is full', async () => {
    const run = (lm: CountingLm, prompt: TokenId[], maxNewTokens: number) => decodeBatch(lm, decoder, prompt, [panel(maxNewTokens)], recorder(lm).control);
    expect((await run(new CountingLm(), ids(0), 3)).panels[0]).toMatchObject({ finishReason: 'max_tokens', tokenIds: ids(1, 2, 3), text: 'bcd' });
    expect((await run(new CountingLm(), ids(4), 10)).panels[0]).toMatchObject({ finishReason: 'eos', tokenIds: ids(5, 6, 7), text: 'fg<eos>' });

    // Context 4, 10 tokens asked: the prompt keeps its last token, and three more fill the
    // context's positions; the fake throws if the cache ever exceeds 4.
    const small = new CountingLm(4);
    expect((await run(small, ids(0, 1, 2), 10)).panels[0]).toMatchObject({ finishReason: 'context_full', tokenIds: ids(3, 4, 5), text: 'def' });
    expect(small.calls.filter((c) => c.kind === 'step')).toHaveLength(2);
  });

  it('crops a prompt longer than the context to leave room for the longest panel, and reports how much it dropped', async () => {
    // Why: a prompt over the context used to keep contextLength − 1 tokens and write one token.
    const lm = new CountingLm(5);
    const report = await decodeBatch(lm, decoder, ids(1, 2, 3, 4, 0, 1), [panel(1), panel(2)], recorder(lm).control);
    expect(lm.calls[0]?.tokens).toEqual(ids(4, 0, 1));
    expect(report).toMatchObject({ promptTokens: 3, droppedPromptTokens: 3 });
    expect(report.panels.map((p) => p.finishReason)).toEqual(['max_tokens', 'max_tokens']);
    expect(report.panels[1]?.tokenIds).toEqual(ids(2, 3));
  });

  it('prefills an empty prompt with end-of-text', async () => {
    const lm = new CountingLm();
    const report = await decodeBatch(lm, decoder, [], [panel(2)], recorder(lm).control);
    expect(lm.calls[0]).toEqual({ kind: 'prefill', rows: 1, tokens: [EOS] });
    expect(report).toMatchObject({ promptTokens: 1, droppedPromptTokens: 0 });
    expect(report.panels[0]?.tokenIds).toEqual(ids(0, 1));
  });

  // The cache has one row per panel: a finished row is fed its last token so the batch keeps its shape.
  it('keeps a finished row in the batch, fed its last token', async () => {
    const lm = new CountingLm();
    const report = await decodeBatch(lm, decoder, ids(0, 1), [panel(1), panel(3), panel(2)], recorder(lm).control);
    expect(lm.calls.map((c) => c.rows)).toEqual([3, 3, 3]);
    expect(lm.calls.slice(1).map((c) => c.tokens)).toEqual([ids(2, 2, 2), ids(2, 3, 3)]);
    expect(report.panels.map((p) => [p.finishReason, p.tokenIds.length])).toEqual([
      ['max_tokens', 1],
      ['max_tokens', 3],
      ['max_tokens', 2],
    ]);
  });

  it('stops one panel before the next step while the others go on', async () => {
    const lm = new CountingLm();
    // The stop arrives while the loop yields after the second forward pass (2 tokens each).
    const { control, tokens, idsOf } = recorder(lm, (stops) => {
      if (lm.calls.length === 2) stops.set(1, 'stopped');
    });
    const report = await decodeBatch(lm, decoder, ids(0), [panel(5), panel(5), panel(5)], control);
    expect(idsOf(1)).toEqual(ids(1, 2));
    expect(tokens.filter((t) => t.panel === 1 && t.forwardCalls > 2)).toEqual([]);
    expect(report.panels.map((p) => p.finishReason)).toEqual(['max_tokens', 'stopped', 'max_tokens']);
    expect(report.panels.map((p) => p.tokenIds.length)).toEqual([5, 2, 5]);
    expect(lm.calls.map((c) => c.rows)).toEqual([3, 3, 3, 3, 3]);
  });

  it('ends the batch without another forward pass once every panel is stopped', async () => {
    const lm = new CountingLm();
    const { control } = recorder(lm, (stops) => {
      if (lm.calls.length === 2) [0, 1, 2].forEach((p) => stops.set(p, 'cancelled'));
    });
    const report = await decodeBatch(lm, decoder, ids(0), [panel(1), panel(50), panel(50)], control);
    expect(lm.calls).toHaveLength(2);
    // Panel 0 had already finished: a later stop does not rewrite why.
    expect(report.panels.map((p) => [p.finishReason, p.tokenIds.length])).toEqual([
      ['max_tokens', 1],
      ['cancelled', 2],
      ['cancelled', 2],
    ]);
    expect(lm.releases).toBe(1);
  });

  it('rejects 0 or 5 panels and a max of 0 tokens before touching the model', async () => {
    const lm = new CountingLm();
    const { control } = recorder(lm);
    for (const panels of [[], [panel(4), panel(4), panel(4), panel(4), panel(4)], [panel(4), panel(0)], [panel(2.5)]]) {
      const run = decodeBatch(lm, decoder, ids(0), panels, control);
      await expect(run).rejects.toBeInstanceOf(DecodeRequestError);
      await expect(run).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect(lm.calls).toEqual([]);
  });

  // A seed comes from the page like the panel count; a bad one is the request's fault, not an internal error.
  it('rejects a seed outside [0, 2^32) as an invalid request before touching the model', async () => {
    const lm = new CountingLm();
    const run = decodeBatch(lm, decoder, ids(0), [panel(4, GREEDY, 2 ** 32)], recorder(lm).control);
    await expect(run).rejects.toMatchObject({ name: 'DecodeRequestError', code: 'invalid_request' });
    expect(lm.calls).toEqual([]);
  });

  it('reports token counts, texts and timings from the clock', async () => {
    const lm = new CountingLm();
    const { control, tokens } = recorder(lm);
    const report = await decodeBatch(lm, decoder, ids(0, 1, 2, 3), [panel(4), panel(2)], control);
    // Prefill 0→100 ms; the first tokens at 100 ms; three steps of 10 ms. Panel 0 has 4 tokens and
    // panel 1 has 2; the 6 tokens minus the 2 sampled from the prefill are decode tokens.
    expect(report).toMatchObject({
      panels: [
        { finishReason: 'eos', tokenIds: ids(4, 5, 6, 7), text: 'efg<eos>' },
        { finishReason: 'max_tokens', tokenIds: ids(4, 5), text: 'ef' },
      ],
      promptTokens: 4,
      droppedPromptTokens: 0,
      timeToFirstTokenMs: 100,
      prefillMs: 100,
      prefillTokensPerSecond: 40,
      decodeMs: 30,
      decodeStepsPerSecond: 100,
      decodeTokensPerSecond: 4000 / 30,
    });
    expect(tokens.map((t) => [t.panel, t.token.index, t.token.tokenText, t.token.textDelta])).toEqual([
      [0, 0, 'e', 'e'],
      [1, 0, 'e', 'e'],
      [0, 1, 'f', 'f'],
      [1, 1, 'f', 'f'],
      [0, 2, 'g', 'g'],
      [0, 3, '<eos>', '<eos>'],
    ]);
  });

  // A panel that is done early shows its result and its own speed while the others go on.
  it('tells each panel as soon as it finishes, with its own time to first token and speed', async () => {
    const lm = new CountingLm();
    const { control, tokens } = recorder(lm);
    const finished: { panel: number; tokensSoFar: number; report: PanelReport }[] = [];
    control.onPanelFinish = (p, report) => finished.push({ panel: p, tokensSoFar: tokens.length, report });
    const report = await decodeBatch(lm, decoder, ids(0, 1, 2, 3), [panel(4), panel(2)], control);
    // Panel 1 (2 tokens) finishes after the second round, before panel 0's last two tokens.
    expect(finished.map((f) => [f.panel, f.tokensSoFar])).toEqual([
      [1, 4],
      [0, 6],
    ]);
    // Tokens at 100, 110, 120, 130 ms (panel 0) and 100, 110 ms (panel 1).
    expect(finished[0]?.report).toEqual({ finishReason: 'max_tokens', tokenIds: ids(4, 5), text: 'ef', timeToFirstTokenMs: 100, decodeTokensPerSecond: 100 });
    expect(finished[1]?.report).toMatchObject({ finishReason: 'eos', timeToFirstTokenMs: 100, decodeTokensPerSecond: 100 });
    expect(report.panels).toEqual([finished[1]?.report, finished[0]?.report]);
  });

  it('tells a stopped panel once, with no time to first token when it wrote nothing', async () => {
    const lm = new CountingLm();
    const { control, stops } = recorder(lm);
    stops.set(1, 'stopped');
    const finished: [number, PanelReport][] = [];
    control.onPanelFinish = (p, report) => finished.push([p, report]);
    await decodeBatch(lm, decoder, ids(0), [panel(3), panel(3)], control);
    expect(finished.map(([p, r]) => [p, r.finishReason, r.timeToFirstTokenMs, r.tokenIds.length])).toEqual([
      [1, 'stopped', null, 0],
      [0, 'max_tokens', 100, 3],
    ]);
  });

  // Each panel owns its PRNG: its tokens cannot depend on which panels share its batch.
  it('samples a panel the same alone and in a batch; the same seed twice gives the same tokens', async () => {
    const sampled = (seed: number) => panel(12, NEUTRAL_SAMPLING_SETTINGS, seed);
    const run = async (panels: PanelSpec[]) => {
      const lm = new CountingLm(64, true);
      return (await decodeBatch(lm, decoder, ids(0), panels, recorder(lm).control)).panels.map((p) => p.tokenIds);
    };
    const batch = await run([sampled(11), sampled(22), sampled(11), sampled(33)]);
    const alone = await run([sampled(22)]);
    expect(batch[1]).toEqual(alone[0]);
    expect(batch[2]).toEqual(batch[0]);
    expect(batch[1]).not.toEqual(batch[0]);
    expect(new Set(batch[0]).size).toBeGreaterThan(3); // flat logits: really sampled, not counting up
  });

  it('releases the cache when a step throws', async () => {
    const lm = new CountingLm();
    lm.failStep = true;
    await expect(decodeBatch(lm, decoder, ids(0), [panel(5)], recorder(lm).control)).rejects.toThrow('step failed');
    expect(lm.releases).toBe(1);
  });
});
