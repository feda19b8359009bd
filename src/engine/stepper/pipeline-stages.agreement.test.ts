// Why: the teaching view must show the very pipeline the main page samples with. Seeded random
// rows and settings check that the stage walk lands on the sampler's token, keeps the same
// tokens, and shows the same distributions as the sampler's own snapshot and as the literal
// full-sort reference (testing/reference-sampler.ts), stage by stage.
import { describe, expect, it } from 'vitest';
import { createPrng, type Prng } from '../prng.ts';
import { SamplingError } from '../sampling-error.ts';
import { sampleNextToken, type SamplingRequest } from '../sampling.ts';
import { referenceStep, type ReferenceStages } from '../testing/reference-sampler.ts';
import type { SamplingSettings, TokenId } from '../types.ts';
import { pipelineStages, stageNamed, type PipelineStageName } from './pipeline-stages.ts';
import { walkStages } from './stage-walk.ts';

const fixedUniform = (uniform: number): Prng => ({ next: () => uniform, state: () => [1, 0, 0, 0] });
const pick = <T>(prng: Prng, values: readonly T[]): T => values[Math.floor(prng.next() * values.length)]!;

/** Standard normal by Box–Muller, from the seeded stream. */
const normal = (prng: Prng): number => Math.sqrt(-2 * Math.log(1 - prng.next())) * Math.cos(2 * Math.PI * prng.next());

function randomCase(prng: Prng): { request: SamplingRequest; uniform: number } {
  const vocab = pick(prng, [5, 17, 64, 300, 3000]);
  const scale = pick(prng, [0.5, 2, 6]);
  // Some rows are rounded to half-units so ties (broken by id) are common; a few logits are −∞.
  const rounded = prng.next() < 0.3;
  const logits = Float32Array.from({ length: vocab }, () => {
    if (prng.next() < 0.02) return -Infinity;
    const logit = normal(prng) * scale;
    return rounded ? Math.round(logit * 2) / 2 : logit;
  });
  logits[Math.floor(prng.next() * vocab)] = normal(prng) * scale; // At least one finite logit.
  // Short sequences over a few ids, so repeats (and so n-gram bans) are frequent.
  const alphabet = Math.min(vocab, pick(prng, [3, 8, 40]));
  const sequence = Array.from({ length: Math.floor(prng.next() * 20) }, () => Math.floor(prng.next() * alphabet) as TokenId);
  const settings: SamplingSettings = {
    temperature: pick(prng, [0.2, 1, 1, 1.8, 0]),
    greedy: prng.next() < 0.1,
    topK: pick(prng, [0, 0, 1, 3, 50]),
    topP: pick(prng, [1, 1, 0.3, 0.95]),
    minP: pick(prng, [0, 0, 0.05, 0.2]),
    repetitionPenalty: pick(prng, [1, 1.3]),
    noRepeatNgramSize: pick(prng, [0, 2]),
  };
  const uniform = pick(prng, [0, 1 - 2 ** -32, prng.next(), prng.next(), prng.next()]);
  return { request: { logits, sequence, settings }, uniform };
}

/** The stages the reference keeps, by the names the stepper gives them. */
const REFERENCE_STAGES = ['raw', 'penalties', 'temperature', 'top_k', 'top_p', 'min_p'] as const satisfies readonly (PipelineStageName & keyof ReferenceStages)[];

describe('pipelineStages agrees with the sampler', () => {
  it('on 2,000 seeded random rows and settings', () => {
    const prng = createPrng(20240611);
    let checked = 0;
    // How often each stage cut a followed token: the cases must exercise every stage.
    const cutsSeen = new Map<string, number>();
    for (let n = 0; n < 2000; n++) {
      const { request, uniform } = randomCase(prng);
      const label = `case ${n}: ${JSON.stringify({ ...request, logits: `${request.logits.length} logits`, uniform })}`;
      let step;
      try {
        step = sampleNextToken(request, fixedUniform(uniform));
      } catch (error) {
        // Everything banned: the stepper must refuse the same way.
        expect(error, label).toBeInstanceOf(SamplingError);
        expect(() => pipelineStages({ ...request, uniform }), label).toThrow(expect.objectContaining({ code: (error as SamplingError).code }));
        continue;
      }
      checked++;
      const walk = walkStages(request, uniform, 10, []);
      expect(walk.drawn, label).toBe(step.tokenId);

      const stages = pipelineStages({ ...request, uniform });
      expect(stages.chosen, label).toBe(step.tokenId);
      expect(stages.rawRank, label).toBe(step.rawRank);
      const draw = stageNamed(stages, 'draw');
      expect(draw.keptCount, label).toBe(step.keptCount);
      // The sampler's top 10 are among the candidates, with the same probabilities and cut.
      const rawStage = stageNamed(stages, 'raw');
      const seen = step.topCandidates.map((top) => {
        const i = stages.candidates.findIndex((c) => c.id === top.id);
        return [top.id, rawStage.entries[i]?.probability, draw.entries[i]?.probability, draw.entries[i]?.cutBy];
      });
      expect(seen, label).toEqual(step.topCandidates.map((top) => [top.id, top.rawProbability, top.finalProbability, top.removedBy]));
      // The chosen token is in at every stage, and u lies in its slice of the final distribution.
      expect(stages.stages.map((stage) => stage.entries[stages.chosenIndex]?.cutBy), label).toEqual(stages.stages.map(() => null));
      if (stages.drawInterval !== null) {
        expect(stages.drawInterval.start <= uniform + 1e-9 && uniform - 1e-9 < stages.drawInterval.end, label).toBe(true);
      }
      for (const stage of stages.stages) {
        const cut = stage.entries.some((e) => e.cutBy !== null && e.cutBy === (stage.name === 'penalties' ? 'no_repeat_ngram' : stage.name === 'draw' ? 'greedy' : stage.name));
        if (cut) cutsSeen.set(stage.name, (cutsSeen.get(stage.name) ?? 0) + 1);
      }
      // Kept counts never grow along the pipeline.
      const counts = stages.stages.map((s) => s.keptCount);
      expect(counts.every((count, i) => i === 0 || count <= counts[i - 1]!), label).toBe(true);

      const reference = referenceStep(request.logits, request.sequence, request.settings, uniform);
      if (reference === 'no_candidates') throw new Error(`${label}: the reference found no candidates, the sampler did`);
      expect(reference.chosen, label).toBe(stages.chosen);
      // A greedy step skips the four sampling stages: the reference has no distribution for them.
      const compared = REFERENCE_STAGES.filter((name) => reference.stages[name] !== null);
      const mismatches = compared.flatMap((name) =>
        stageNamed(stages, name).entries.flatMap(({ id, probability }) => {
          const expected = reference.stages[name]![id]!;
          return Math.abs(probability - expected) <= 1e-12 + 1e-9 * expected ? [] : [{ name, id, probability, expected }];
        }),
      );
      expect(mismatches, label).toEqual([]);
    }
    expect(checked).toBeGreaterThan(1800);
    for (const name of ['penalties', 'top_k', 'top_p', 'min_p', 'draw']) expect(cutsSeen.get(name) ?? 0, name).toBeGreaterThan(50);
  });
});
