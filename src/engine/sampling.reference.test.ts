// The fast path (buckets, selection, reused exps) checked against the obvious implementation
// (penalise, ban, sort the whole vocabulary, cut, walk), and timed against it in the same process.
import { describe, expect, it } from 'vitest';
import { createPrng, type Prng } from './prng.ts';
import { createSamplingWorkspace, sampleNextToken, type SamplingRequest } from './sampling.ts';
import { referenceStep } from './testing/reference-sampler.ts';
import { NEUTRAL_SAMPLING_SETTINGS, tokenId, type SamplingSettings, type TokenId } from './types.ts';

const fixedUniform = (uniform: number): Prng => ({ next: () => uniform, state: () => [1, 0, 0, 0] });
const pick = <T,>(prng: Prng, options: readonly T[]): T => options[Math.floor(prng.next() * options.length)]!;

describe('sampleNextToken agrees with the full-sort reference', () => {
  it('on random logits, settings, sequences and draws', () => {
    // Why: the bucketed cuts have many paths (cut inside a bucket, across buckets, reused raw
    // exps, top-k before weighing); a literal implementation is the unambiguous oracle.
    const prng = createPrng(31337);
    for (let trial = 0; trial < 400; trial++) {
      const vocab = trial % 50 === 0 ? 20_000 : 1 + Math.floor(prng.next() * 3000);
      const spread = pick(prng, [0.01, 1, 4]);
      // Coarse logits (multiples of 0.5) on a third of the trials, to force ties.
      const coarse = trial % 3 === 0;
      const logits = Float32Array.from({ length: vocab }, () => {
        if (prng.next() < 0.03) return -Infinity;
        const x = (prng.next() + prng.next() + prng.next() - 1.5) * 2 * spread;
        return coarse ? Math.round(x * 2) / 2 : x;
      });
      const settings: SamplingSettings = {
        ...NEUTRAL_SAMPLING_SETTINGS,
        temperature: pick(prng, [0, 0.3, 0.7, 1, 1, 1.5]),
        topK: pick(prng, [0, 0, 1, 5, 50, 100_000]),
        topP: pick(prng, [1, 1, 0.95, 0.5, 0.1]),
        minP: pick(prng, [0, 0, 0.05, 0.3]),
        repetitionPenalty: pick(prng, [1, 1.3, 0.8]),
        noRepeatNgramSize: pick(prng, [0, 1, 2, 3]),
      };
      // Sequences drawn from a few ids so that repeats, penalties and n-gram bans happen.
      const alphabet = Math.min(vocab, 6);
      const sequence: TokenId[] = Array.from({ length: Math.floor(prng.next() * 30) }, () => tokenId(Math.floor(prng.next() * alphabet)));
      const uniform = prng.next();
      const request: SamplingRequest = { logits, sequence, settings };
      const expected = referenceStep(logits, sequence, settings, uniform);
      const label = JSON.stringify({ trial, vocab, spread, coarse, settings, uniform });
      if (expected === 'no_candidates') {
        expect(() => sampleNextToken(request, fixedUniform(uniform)), label).toThrow(expect.objectContaining({ code: 'no_candidates' }));
        continue;
      }
      const step = sampleNextToken(request, fixedUniform(uniform));
      expect({ id: step.tokenId, kept: step.keptCount }, label).toEqual({ id: expected.chosen, kept: expected.keptCount });
      expect(step.finalProbability, label).toBeCloseTo(expected.final[expected.chosen]!, 12);
      for (const candidate of step.topCandidates) {
        expect(candidate.removedBy, `${label} token ${candidate.id}`).toBe(expected.removedBy[candidate.id]);
        expect(candidate.finalProbability, `${label} token ${candidate.id}`).toBeCloseTo(expected.final[candidate.id]!, 12);
      }
    }
  });
});

describe('sampleNextToken speed on a 50,257-token vocabulary', () => {
  it('is many times faster than sorting the vocabulary, and prints the time per step', () => {
    // Why: the UI samples every token of several panels; a step must stay far below a forward pass.
    const vocab = 50_257;
    const prng = createPrng(1);
    const gaussian = (): number => (prng.next() + prng.next() + prng.next() + prng.next() - 2) * 1.7;
    const cases: readonly { name: string; logits: Float32Array; overrides: Partial<SamplingSettings> }[] = [
      // Trained-model-like logits (spread of several nats) with the usual knobs on.
      {
        name: 'T 0.8, top-k 50, top-p 0.9, penalty 1.2, no-repeat 3',
        logits: Float32Array.from({ length: vocab }, () => gaussian() * 3),
        overrides: { temperature: 0.8, topK: 50, topP: 0.9, repetitionPenalty: 1.2, noRepeatNgramSize: 3 },
      },
      // The expensive case: nothing narrows the set before the draw, and temperature ≠ 1 needs its own exps.
      { name: 'T 0.7, top-p 0.95, min-p 0.05', logits: Float32Array.from({ length: vocab }, () => gaussian() * 3), overrides: { temperature: 0.7, topP: 0.95, minP: 0.05 } },
      // Random-weight test models give nearly flat logits: the nucleus is most of the vocabulary.
      { name: 'flat logits, top-p 0.9', logits: Float32Array.from({ length: vocab }, () => gaussian() * 0.05), overrides: { topP: 0.9 } },
    ];
    const sequence = Array.from({ length: 200 }, () => tokenId(Math.floor(prng.next() * vocab)));
    const median = (times: number[]): number => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;

    for (const { name, logits, overrides } of cases) {
      const settings = { ...NEUTRAL_SAMPLING_SETTINGS, ...overrides };
      const workspace = createSamplingWorkspace(vocab);
      const draws = createPrng(9);
      const fast = (): void => void sampleNextToken({ logits, sequence, settings }, draws, workspace);
      for (let i = 0; i < 30; i++) fast(); // Warm up the JIT.
      const fastTimes = Array.from({ length: 100 }, () => {
        const start = performance.now();
        fast();
        return performance.now() - start;
      });
      const referenceTimes = Array.from({ length: 5 }, () => {
        const start = performance.now();
        referenceStep(logits, sequence, settings, 0.5);
        return performance.now() - start;
      });
      const fastMs = median(fastTimes);
      const referenceMs = median(referenceTimes);
      console.info(
        `sampleNextToken, ${vocab} logits, ${name}: ${fastMs.toFixed(2)} ms/step (median of 100); ` +
          `full-sort reference ${referenceMs.toFixed(1)} ms (${(referenceMs / fastMs).toFixed(0)}× slower)`,
      );
      expect(referenceMs / fastMs).toBeGreaterThan(3);
    }
  });
});
