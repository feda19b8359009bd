/**
 * Our decoding loop: one batch of 1–4 panels sharing a prompt and a model. One prefill, then each
 * step is one forward pass over all rows; each row samples with its own settings and its own
 * seeded PRNG. Rows that finish keep their slot (fed their last token, output ignored) so the
 * batch's shape and cache stay valid; the batch ends when every row is done or stopped.
 */
import type { BatchedLm, TokenDecoder } from './batched-lm.ts';
import { cropPromptForRun } from './context-window.ts';
import { createPrng } from './prng.ts';
import { createSamplingWorkspace, sampleNextToken, validateSamplingSettings, type SamplingWorkspace } from './sampling.ts';
import { isSeed, SEED_RANGE } from './settings-schema.ts';
import { TextStream } from './text-stream.ts';
import { decodeTokensPerSecond, perSecond } from './throughput.ts';
import type { SamplingSettings, SamplingStep, TokenId } from './types.ts';

export const MAX_PANELS = 4;

export interface PanelSpec {
  readonly settings: SamplingSettings;
  /** 32-bit seed of this panel's PRNG. */
  readonly seed: number;
  readonly maxNewTokens: number;
}

/** Why a panel stopped generating. */
export type FinishReason = 'max_tokens' | 'eos' | 'context_full' | 'stopped' | 'cancelled';

/** One generated token as the UI shows it: the sampling snapshot plus its text. */
export interface GeneratedToken {
  readonly step: SamplingStep;
  /** This token decoded alone (may be U+FFFD for part of a character). */
  readonly tokenText: string;
  /** Text that became complete with this token, for streaming (may be ''). */
  readonly textDelta: string;
  /** 0-based index among the panel's generated tokens. */
  readonly index: number;
  /** When it was sampled, in ms since the request started (the page shows live timings from it). */
  readonly atMs: number;
}

export interface PanelReport {
  readonly finishReason: FinishReason;
  readonly tokenIds: readonly TokenId[];
  readonly text: string;
  /** From the start of the request to this panel's first token; null when it wrote none. */
  readonly timeToFirstTokenMs: number | null;
  /** This panel's tokens after its first, per second of its own decoding; 0 below two tokens. */
  readonly decodeTokensPerSecond: number;
}

export interface DecodeReport {
  readonly panels: readonly PanelReport[];
  /** The prompt the model saw: cropped to the context, or `<|endoftext|>` for an empty prompt. */
  readonly promptIds: readonly TokenId[];
  /** Prompt tokens fed to the model, after cropping to the context. */
  readonly promptTokens: number;
  /** Prompt tokens dropped from the start because the prompt did not fit the context. */
  readonly droppedPromptTokens: number;
  /** From the start of the request to the first sampled token (prefill + one sampling step). */
  readonly timeToFirstTokenMs: number;
  readonly prefillMs: number;
  readonly prefillTokensPerSecond: number;
  readonly decodeMs: number;
  /** Forward steps per second after the prefill (each step gives every active row a token). */
  readonly decodeStepsPerSecond: number;
  /** Tokens per second summed over the panels, after the first. */
  readonly decodeTokensPerSecond: number;
}

export interface DecodeControl {
  /** Whether a panel has been stopped, and why; checked before every step. */
  stopReason(panel: number): 'stopped' | 'cancelled' | null;
  /** Lets the host process messages (a stop) between steps. */
  yieldToHost(): Promise<void>;
  /** Receives each token as it is sampled. */
  onToken(panel: number, token: GeneratedToken): void;
  /**
   * Told once per panel, as soon as it has finished (end of text, its max, the context, or a stop),
   * while the other panels of the batch may go on; its report is final.
   */
  onPanelFinish?(panel: number, report: PanelReport): void;
  now(): number;
}

/** Thrown for requests the loop cannot run; `code` matches the worker's error codes. */
export class DecodeRequestError extends Error {
  override readonly name = 'DecodeRequestError';
  constructor(
    readonly code: 'invalid_request',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Fits a prompt to the context: keeps its last `contextLength − maxNewTokens` tokens (at least
 * one), so the run has room to write what was asked, and uses `<|endoftext|>` for an empty prompt,
 * as Hugging Face does.
 */
export function fitPrompt(prompt: readonly TokenId[], contextLength: number, eos: TokenId, maxNewTokens = 1): { ids: TokenId[]; dropped: number } {
  if (prompt.length === 0) return { ids: [eos], dropped: 0 };
  const { ids, cropStart } = cropPromptForRun(prompt, contextLength, maxNewTokens);
  return { ids, dropped: cropStart };
}

function validatePanels(panels: readonly PanelSpec[]): void {
  if (panels.length < 1 || panels.length > MAX_PANELS) {
    throw new DecodeRequestError('invalid_request', `A generation runs 1 to ${MAX_PANELS} panels; got ${panels.length}.`);
  }
  panels.forEach((p, i) => {
    if (!isSeed(p.seed)) {
      throw new DecodeRequestError('invalid_request', `Panel ${i + 1}: the seed must be a whole number from ${SEED_RANGE.min} to ${SEED_RANGE.max}; got ${p.seed}.`);
    }
    try {
      validateSamplingSettings(p.settings);
    } catch (error) {
      throw new DecodeRequestError('invalid_request', `Panel ${i + 1}: ${(error as Error).message}`);
    }
    if (!Number.isInteger(p.maxNewTokens) || p.maxNewTokens < 1) {
      throw new DecodeRequestError('invalid_request', `Panel ${i + 1}: max new tokens must be a whole number ≥ 1; got ${p.maxNewTokens}.`);
    }
  });
}

interface Row {
  readonly spec: PanelSpec;
  readonly prng: ReturnType<typeof createPrng>;
  /** Reused scratch, so a step allocates no vocabulary-sized arrays. */
  readonly workspace: SamplingWorkspace;
  readonly text: TextStream;
  readonly generated: TokenId[];
  fullText: string;
  finish: FinishReason | null;
  /** When the row's first and latest tokens were sampled (control.now()). */
  firstAt: number | null;
  lastAt: number | null;
  /** Whether onPanelFinish was told. */
  reported: boolean;
}

/** A finished row's report; flushes bytes still waiting to complete a character, so call it once. */
function rowReport(row: Row, start: number): PanelReport {
  const tail = row.text.flush();
  return {
    finishReason: row.finish ?? 'stopped',
    tokenIds: row.generated,
    text: row.fullText + tail,
    timeToFirstTokenMs: row.firstAt === null ? null : row.firstAt - start,
    decodeTokensPerSecond: row.firstAt !== null && row.lastAt !== null ? decodeTokensPerSecond(row.generated.length, row.firstAt, row.lastAt) : 0,
  };
}

/** Runs one batch to the end; the prompt is already tokenized. */
export async function decodeBatch(
  lm: BatchedLm,
  decoder: TokenDecoder,
  prompt: readonly TokenId[],
  panels: readonly PanelSpec[],
  control: DecodeControl,
): Promise<DecodeReport> {
  validatePanels(panels);
  const start = control.now();
  // Room for the longest panel: every panel shares the prompt.
  const longest = Math.max(...panels.map((p) => p.maxNewTokens));
  const { ids: promptIds, dropped } = fitPrompt(prompt, lm.contextLength, lm.eosTokenId, longest);
  const rows: Row[] = panels.map((spec) => ({
    spec,
    prng: createPrng(spec.seed),
    workspace: createSamplingWorkspace(lm.vocabSize),
    text: new TextStream(decoder),
    generated: [],
    fullText: '',
    finish: null,
    firstAt: null,
    lastAt: null,
    reported: false,
  }));
  const reports: (PanelReport | null)[] = rows.map(() => null);
  /** Reports every row that has finished and was not reported yet. */
  const reportFinished = () =>
    rows.forEach((row, r) => {
      if (row.finish === null || row.reported) return;
      row.reported = true;
      const report = rowReport(row, start);
      reports[r] = report;
      control.onPanelFinish?.(r, report);
    });

  let prefillEnd: number;
  let firstTokenAt: number | null = null;
  let steps = 0;
  let decodeTokens = 0;

  try {
    let logits = await lm.prefill(promptIds, rows.length);
    prefillEnd = control.now();
    for (;;) {
      // Sample one token per active row from the logits of the last forward pass.
      const next: TokenId[] = [];
      rows.forEach((row, r) => {
        const last = row.generated.at(-1) ?? promptIds.at(-1) ?? lm.eosTokenId;
        if (row.finish === null) row.finish = control.stopReason(r);
        if (row.finish !== null) return next.push(last);
        const rowLogits = logits[r];
        if (!rowLogits) throw new Error(`The model returned logits for ${logits.length} rows, not ${rows.length}`);
        const step = sampleNextToken({ logits: rowLogits, sequence: [...promptIds, ...row.generated], settings: row.spec.settings }, row.prng, row.workspace);
        row.generated.push(step.tokenId);
        const sampledAt = control.now();
        row.firstAt ??= sampledAt;
        row.lastAt = sampledAt;
        if (steps > 0) decodeTokens++;
        const textDelta = row.text.push(step.tokenId);
        row.fullText += textDelta;
        control.onToken(r, { step, tokenText: decoder.decode([step.tokenId]), textDelta, index: row.generated.length - 1, atMs: sampledAt - start });
        if (step.tokenId === lm.eosTokenId) row.finish = 'eos';
        else if (row.generated.length >= row.spec.maxNewTokens) row.finish = 'max_tokens';
        else if (promptIds.length + row.generated.length >= lm.contextLength) row.finish = 'context_full';
        next.push(step.tokenId);
      });
      firstTokenAt ??= control.now();
      reportFinished();
      if (rows.every((row) => row.finish !== null)) break;
      await control.yieldToHost();
      if (rows.every((row, r) => row.finish !== null || control.stopReason(r) !== null)) {
        rows.forEach((row, r) => (row.finish ??= control.stopReason(r)));
        reportFinished();
        break;
      }
      logits = await lm.step(next);
      steps++;
    }
  } finally {
    await lm.release();
  }

  const end = control.now();
  const decodeMs = end - (firstTokenAt ?? end);
  const prefillMs = prefillEnd - start;
  return {
    panels: rows.map((row, r) => reports[r] ?? rowReport(row, start)),
    promptIds,
    promptTokens: promptIds.length,
    droppedPromptTokens: dropped,
    timeToFirstTokenMs: (firstTokenAt ?? end) - start,
    prefillMs,
    prefillTokensPerSecond: perSecond(promptIds.length, prefillMs),
    decodeMs,
    decodeStepsPerSecond: perSecond(steps, decodeMs),
    decodeTokensPerSecond: perSecond(decodeTokens, decodeMs),
  };
}
