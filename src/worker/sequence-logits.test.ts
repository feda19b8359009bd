// The lab's perplexity and KL are only as good as these rows: each must be what the model gives
// for that prefix, whatever the chunking, on both families and in fp16 too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenId } from '../engine/types.ts';
import { loadSession, type LoadedSession } from './model-loader.ts';
import type { LoadRequest } from './protocol.ts';
import { sequenceLogits, forEachSequenceLogits } from './sequence-logits.ts';
import { generateTinyModels, GPT2, GPT_NEO, PROMPT } from './testing/node-harness.ts';

let models: ReturnType<typeof generateTinyModels>;
const sessions: LoadedSession[] = [];
const noGpu = { available: false, code: 'no_webgpu', detail: null } as const;

async function load(modelId: string, dtype: LoadRequest['dtype']): Promise<LoadedSession> {
  const session = await loadSession({ type: 'load', requestId: 'load', modelId, dtype, device: 'wasm', offline: true }, noGpu, () => {}, () => performance.now());
  sessions.push(session);
  return session;
}

beforeAll(() => {
  models = generateTinyModels(['gpt2', 'gpt_neo'], ['fp32', 'fp16']);
});
afterAll(async () => {
  for (const s of sessions) await s.model.dispose();
  models?.remove();
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe.each([GPT2, GPT_NEO])('sequence logits of %s', (modelId) => {
  let session: LoadedSession;
  let ids: number[];
  beforeAll(async () => {
    session = await load(modelId, 'fp32');
    ids = session.tokenizer.encode(PROMPT, { add_special_tokens: false });
  });

  // Row i must be the next-token distribution after ids[0..i]: the playground's own forward pass
  // over that prefix gives it as its last row.
  it('gives at each position the logits of a fresh pass over that prefix', async () => {
    const rows = await sequenceLogits(session.model, ids, session.info.vocabSize);
    expect(ids.length).toBe(23);
    expect(rows).toHaveLength(ids.length);
    for (const position of [0, 1, 7, 15, 16, 22]) {
      const [last] = await session.lm.prefill(ids.slice(0, position + 1).map(tokenId), 1);
      expect(maxAbsDiff(rows[position]!, last!), `position ${position}`).toBeLessThan(1e-4);
    }
    await session.lm.release();
  });

  // Chunks of 5 cross GPT-Neo's local window (16) with keys and values carried between passes.
  it('gives the same rows in chunks of 5 as in one pass', async () => {
    const whole = await sequenceLogits(session.model, ids, session.info.vocabSize);
    const chunked = await sequenceLogits(session.model, ids, session.info.vocabSize, 5);
    expect(chunked).toHaveLength(whole.length);
    const worst = Math.max(...whole.map((row, i) => maxAbsDiff(row, chunked[i]!)));
    expect(worst).toBeLessThan(1e-4);
  });

  it('ends early when told to between chunks', async () => {
    const seen: number[] = [];
    let calls = 0;
    const done = await forEachSequenceLogits(session.model, ids, {
      vocabSize: session.info.vocabSize,
      chunk: 10,
      onRow: (position) => seen.push(position),
      between: () => Promise.resolve(++calls >= 2),
    });
    expect(done).toBe(20);
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('fp16 logits', () => {
  // fp16 models return float16 logits; the rows must come back as float32 numbers, not raw bits.
  it('are converted to float32 and agree with the fp32 model to fp16 precision', async () => {
    const half = await load(GPT2, 'fp16');
    const full = await load(GPT2, 'fp32');
    const ids = half.tokenizer.encode(PROMPT, { add_special_tokens: false });
    const halfRows = await sequenceLogits(half.model, ids, half.info.vocabSize);
    const fullRows = await sequenceLogits(full.model, ids, full.info.vocabSize);
    expect(halfRows[0]).toBeInstanceOf(Float32Array);
    const worst = Math.max(...halfRows.map((row, i) => maxAbsDiff(row, fullRows[i]!)));
    // Random-weight logits are about ±1; raw fp16 bits read as numbers would be in the thousands.
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.05);
    const [last] = await half.lm.prefill(ids.map(tokenId), 1);
    expect(maxAbsDiff(halfRows.at(-1)!, last!)).toBe(0);
    await half.lm.release();
  });
});

it('refuses an empty text', async () => {
  const session = sessions[0]!;
  await expect(sequenceLogits(session.model, [], session.info.vocabSize)).rejects.toThrow('no tokens');
});
