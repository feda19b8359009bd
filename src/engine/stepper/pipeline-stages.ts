/**
 * One decoding step's next-token distribution through every stage of the sampling pipeline, for
 * the step-by-step teaching mode: raw → penalties → temperature → top-k → top-p → min-p → draw.
 *
 * The token comes from `sampleNextToken` itself, fed the given uniform number, so the teaching
 * view picks exactly what the main page would; the stages come from {@link walkStages}, which runs
 * the same engine functions and must land on the same token (checked here, and by property tests).
 */
import type { Prng } from '../prng.ts';
import { sampleNextToken, TOP_CANDIDATE_COUNT, type SamplingRequest } from '../sampling.ts';
import { SAMPLING_SETTINGS, type NumericSettingName } from '../settings-schema.ts';
import type { RemovalStage, SamplingSettings, SamplingStep, TokenId } from '../types.ts';
import { walkStages, type StageLook } from './stage-walk.ts';

/** The stages in pipeline order (Hugging Face's). */
export const PIPELINE_STAGE_NAMES = ['raw', 'penalties', 'temperature', 'top_k', 'top_p', 'min_p', 'draw'] as const;

/** One stage of the pipeline. */
export type PipelineStageName = (typeof PIPELINE_STAGE_NAMES)[number];

/**
 * `applied`: the stage ran with a setting that can change something (it may still cut nothing);
 * `off`: its setting is the no-op value; `skipped`: a greedy step bypasses it.
 */
export type StageStatus = 'applied' | 'off' | 'skipped';

/** One candidate's bar at one stage. */
export interface StageEntry {
  readonly id: TokenId;
  /** Probability renormalised over the tokens still kept at this stage; 0 once cut. */
  readonly probability: number;
  /** The stage that cut it (this one or an earlier one), or `null` while it is still in. */
  readonly cutBy: RemovalStage | null;
}

/** The distribution after one stage. */
export interface PipelineStage {
  readonly name: PipelineStageName;
  readonly status: StageStatus;
  /** Tokens of the whole vocabulary still kept after this stage (1 at a greedy draw). */
  readonly keptCount: number;
  /** One entry per {@link StepStages.candidates}, in the same order. */
  readonly entries: readonly StageEntry[];
}

/** A token whose bar the view follows through every stage. */
export interface StageCandidate {
  readonly id: TokenId;
  /** Whether the repetition penalty lowered it (it is in the sequence and the penalty is not 1). */
  readonly penalized: boolean;
}

/** The slice [start, end) of the final cumulative distribution (most probable first) a token owns. */
export interface DrawInterval {
  readonly start: number;
  readonly end: number;
}

/** What {@link pipelineStages} needs: the sampler's request plus the draw. */
export interface PipelineStagesRequest extends SamplingRequest {
  /** The uniform number in [0, 1) the draw uses (the main page takes it from the panel's PRNG). */
  readonly uniform: number;
  /** How many top tokens to follow, by raw probability and after penalties + temperature; default 10. */
  readonly count?: number;
}

/** One step through the pipeline. */
export interface StepStages {
  /**
   * The followed tokens, most probable first in the raw distribution (ties: lower id first): the
   * top `count` raw, the top `count` after penalties and temperature, and the chosen token.
   */
  readonly candidates: readonly StageCandidate[];
  /** Every stage, in {@link PIPELINE_STAGE_NAMES} order. */
  readonly stages: readonly PipelineStage[];
  /** The token the sampler picks for this uniform number. */
  readonly chosen: TokenId;
  /** Index of the chosen token in {@link candidates}. */
  readonly chosenIndex: number;
  /** Rank of the chosen token in the raw distribution: 0 = most probable. */
  readonly rawRank: number;
  /** Rank of the chosen token among the tokens kept for the draw: 0 = most probable. */
  readonly finalRank: number;
  /** Where `uniform` landed: the chosen token's slice of the final cumulative distribution; `null` when greedy. */
  readonly drawInterval: DrawInterval | null;
  readonly uniform: number;
  readonly greedy: boolean;
  /** The sampler's own snapshot of this step, as the main page records it. */
  readonly step: SamplingStep;
}

/**
 * Runs one decoding step and reports the candidates' distribution after every stage.
 *
 * @throws RangeError when `uniform` is outside [0, 1) or `count` is not a whole number ≥ 1.
 * @throws SamplingError as `sampleNextToken` does (broken logits, bad settings or sequence).
 */
export function pipelineStages(request: PipelineStagesRequest): StepStages {
  const { uniform, count = TOP_CANDIDATE_COUNT, settings } = request;
  if (!(uniform >= 0 && uniform < 1)) throw new RangeError(`The draw needs a uniform number in [0, 1); got ${uniform}.`);
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`Follow a whole number ≥ 1 of candidates; got ${count}.`);
  const step = sampleNextToken(request, fixedDraw(uniform));
  const walk = walkStages(request, uniform, count, [step.tokenId]);
  if (walk.drawn !== step.tokenId) {
    // Never seen in the agreement tests; a view that showed another token's path would mislead.
    throw new Error(`The stage walk picked token ${walk.drawn}, the sampler ${step.tokenId}; please report this step.`);
  }
  const candidates = walk.watched.map((id): StageCandidate => ({ id, penalized: walk.penalized.has(id) }));
  const stage = (name: PipelineStageName, status: StageStatus, look: StageLook): PipelineStage => ({
    name,
    status,
    keptCount: look.keptCount,
    entries: walk.watched.map((id, i) => ({ id, probability: look.probabilities[i]!, cutBy: look.cutBy[i]! })),
  });
  const status = stageStatuses(settings, request.logits.length, walk.warped === null);
  const warped = walk.warped ?? { temperature: walk.penalties, top_k: walk.penalties, top_p: walk.penalties, min_p: walk.penalties };
  const draw = walk.warped === null ? greedyLook(walk.watched, walk.penalties, step.tokenId) : warped.min_p;
  return {
    candidates,
    stages: [
      stage('raw', 'applied', walk.raw),
      stage('penalties', status.penalties, walk.penalties),
      stage('temperature', status.temperature, warped.temperature),
      stage('top_k', status.topK, warped.top_k),
      stage('top_p', status.topP, warped.top_p),
      stage('min_p', status.minP, warped.min_p),
      stage('draw', 'applied', draw),
    ],
    chosen: step.tokenId,
    chosenIndex: walk.watched.indexOf(step.tokenId),
    rawRank: step.rawRank,
    finalRank: walk.drawPosition?.rank ?? 0,
    drawInterval: walk.drawPosition === null ? null : { start: walk.drawPosition.start, end: walk.drawPosition.end },
    uniform,
    greedy: step.greedy,
    step,
  };
}

/** The stage a {@link StepStages} reports under `name`. */
export function stageNamed(stages: StepStages, name: PipelineStageName): PipelineStage {
  return stages.stages[PIPELINE_STAGE_NAMES.indexOf(name)]!;
}

/** A PRNG that yields `uniform` once: the sampler takes exactly one number per step. */
function fixedDraw(uniform: number): Prng {
  let used = false;
  return {
    next() {
      if (used) throw new Error('A fixed draw yields one uniform number.');
      used = true;
      return uniform;
    },
    state() {
      throw new Error('A fixed draw has no stream state to resume.');
    },
  };
}

/** The status of each configurable stage; raw and draw always apply. */
function stageStatuses(
  settings: SamplingSettings,
  vocabSize: number,
  greedy: boolean,
): Record<'penalties' | 'temperature' | 'topK' | 'topP' | 'minP', StageStatus> {
  const on = (name: NumericSettingName): boolean => settings[name] !== SAMPLING_SETTINGS[name].off;
  const unlessGreedy = (applies: boolean): StageStatus => (greedy ? 'skipped' : applies ? 'applied' : 'off');
  return {
    penalties: on('repetitionPenalty') || on('noRepeatNgramSize') ? 'applied' : 'off',
    temperature: unlessGreedy(on('temperature')),
    // Top-k as large as the vocabulary keeps every token: off too.
    topK: unlessGreedy(on('topK') && settings.topK < vocabSize),
    topP: unlessGreedy(on('topP')),
    minP: unlessGreedy(on('minP')),
  };
}

/** The greedy draw: the argmax alone; every other token still in is cut by `'greedy'`. */
function greedyLook(watched: readonly TokenId[], penalties: StageLook, chosen: TokenId): StageLook {
  return {
    probabilities: watched.map((id) => (id === chosen ? 1 : 0)),
    cutBy: watched.map((id, i) => penalties.cutBy[i] ?? (id === chosen ? null : 'greedy')),
    keptCount: 1,
  };
}
