/**
 * A test helper: the step mode's pipeline (`pipelineStages`) following every token, read back as
 * one full distribution per stage, indexed by token id, so tests can compare whole distributions
 * with hand-computed ones.
 */
import type { SamplingRequest } from '../sampling.ts';
import { pipelineStages, stageNamed, type PipelineStageName } from '../stepper/pipeline-stages.ts';

/** Per token id, after each stage; tokens never in (−∞ logits) and tokens cut are 0. */
export interface StageDistributions {
  /** Softmax of the raw logits: the model's own distribution. */
  readonly raw: Float64Array;
  /** After repetition penalty and the n-gram ban, still at temperature 1. */
  readonly afterPenalties: Float64Array;
  readonly afterTemperature: Float64Array;
  readonly afterTopK: Float64Array;
  readonly afterTopP: Float64Array;
  /** After min-p: the final distribution a token is drawn from. */
  readonly afterMinP: Float64Array;
}

/**
 * The distributions `pipelineStages` shows for `request`. A greedy step skips the four sampling
 * stages, so they repeat the penalties' distribution there.
 *
 * @throws SamplingError as `sampleNextToken` does.
 */
export function stageDistributions(request: SamplingRequest): StageDistributions {
  const stages = pipelineStages({ ...request, uniform: 0, count: request.logits.length });
  const byId = (name: PipelineStageName): Float64Array => {
    const distribution = new Float64Array(request.logits.length);
    for (const { id, probability } of stageNamed(stages, name).entries) distribution[id] = probability;
    return distribution;
  };
  return {
    raw: byId('raw'),
    afterPenalties: byId('penalties'),
    afterTemperature: byId('temperature'),
    afterTopK: byId('top_k'),
    afterTopP: byId('top_p'),
    afterMinP: byId('min_p'),
  };
}
