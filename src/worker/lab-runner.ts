/**
 * The quantization lab's request: each dtype of a model loaded in turn, in a session of its own
 * (the playground's model stays loaded and untouched), measured, compared with the first dtype
 * (the fp32 baseline) and disposed before the next one loads. A dtype the backend cannot run, or
 * whose load or evaluation fails, becomes a skipped row with the reason; the lab goes on.
 */
import { dtypeSupport, type Backend, type ModelDtype } from '../engine/backend-support.ts';
import { CATALOG } from '../engine/catalog.ts';
import { decodeBatch } from '../engine/decode-loop.ts';
import { createComparison, createPerplexity } from '../engine/lab/distribution-metrics.ts';
import { LAB_MAX_TEXT_TOKENS } from '../engine/lab/reference-texts.ts';
import { NEUTRAL_SAMPLING_SETTINGS } from '../engine/types.ts';
import { toWorkerError, WorkerError } from './errors.ts';
import type { GpuProbe } from '../engine/gpu-probe.ts';
import type { ModeContext, Runner } from './mode-context.ts';
import { fileProgressReporter, type FileSizes } from './file-progress.ts';
import { chooseDevice, type LoadedSession } from './model-loader.ts';
import type { LabDownloadSource, LabMeasuredRow, LabProgress, LabRequest, LabRow, LoadRequest } from './protocol.ts';
import { forEachSequenceLogits } from './sequence-logits.ts';
import { textCodec } from './text-codec.ts';

/** Weight files as transformers.js names them in its progress: `onnx/model_q4.onnx`, `onnx/model.onnx_data`. */
const WEIGHT_FILE = /(^|\/)onnx\/[^/]+\.onnx(_data(_\d+)?)?$/;

/** The baseline's logits at every position of the text, kept to compare the other dtypes with. */
interface Baseline {
  readonly ids: readonly number[];
  readonly rows: readonly Float32Array[];
}

/** The reason a run stopped, set by `ctx.track`'s stop. */
type StopFlag = { stopped: boolean };

/** Runs the lab; each dtype's row streams as a `lab_row` event, and the request resolves when all are done or a stop arrives. */
export const runLab: Runner<'lab'> = async (ctx, request) => {
  const { requestId } = request;
  const flag: StopFlag = { stopped: false };
  const untrack = ctx.track({ requestId, stop: () => (flag.stopped = true) });
  const context = { modelId: request.modelId, device: request.device, offline: request.offline ?? false };
  try {
    validate(request);
    const probe = await ctx.deps.probeGpu();
    const { device } = chooseDevice(request, probe);
    const adapter = probe.available ? { shaderF16: probe.shaderF16 } : null;
    let baseline: Baseline | null = null;
    for (const [index, dtype] of request.dtypes.entries()) {
      if (flag.stopped) break;
      const support = dtypeSupport(dtype, device, adapter);
      let row: LabRow | null;
      if (!support.ok) {
        row = { dtype, status: 'skipped', reason: toWorkerError(new WorkerError('unsupported_dtype', { reason: support.code }), { ...context, dtype, device }), unsupported: support.code };
      } else {
        try {
          const measured = await measureDtype(ctx, request, { dtype, device, probe, isBaseline: index === 0, baseline, flag });
          if (measured === null) break; // stopped
          row = measured.row;
          if (index === 0) baseline = measured.rows;
        } catch (error) {
          row = { dtype, status: 'skipped', reason: toWorkerError(error, { ...context, dtype, device }), unsupported: null };
        }
      }
      ctx.emit({ type: 'lab_row', requestId, row });
    }
  } finally {
    untrack();
  }
};

function validate(request: LabRequest): void {
  if (request.dtypes.length === 0) throw new WorkerError('invalid_request', { reason: 'no_dtypes' });
  if (request.text.trim() === '') throw new WorkerError('invalid_request', { reason: 'empty_text' });
  if (!Number.isInteger(request.decodeTokens) || request.decodeTokens < 2) {
    throw new WorkerError('invalid_request', { reason: 'bad_decode_tokens', value: request.decodeTokens });
  }
}

interface DtypeRun {
  readonly dtype: ModelDtype;
  readonly device: Backend;
  readonly probe: GpuProbe;
  readonly isBaseline: boolean;
  /** The baseline's rows, or null when this is the baseline or the baseline was skipped. */
  readonly baseline: Baseline | null;
  readonly flag: StopFlag;
}

/**
 * Loads one dtype, measures it and disposes it.
 *
 * @returns null when a stop arrived; the row, and the rows kept when this is the baseline.
 * @throws whatever the load or the evaluation throws (the caller reports it as a skipped row).
 */
async function measureDtype(ctx: ModeContext<'lab'>, request: LabRequest, run: DtypeRun): Promise<{ row: LabMeasuredRow; rows: Baseline | null } | null> {
  const { requestId } = request;
  const progress = (phase: LabProgress['phase'], file?: LabProgress['file']) =>
    ctx.emit({ type: 'lab_progress', requestId, dtype: run.dtype, phase, ...(file ? { file } : {}) });
  // transformers.js may go on reporting files after a failed load; nothing follows the lab's row.
  const fileProgress = fileProgressReporter(ctx.deps.now, (p) => progress('loading', { name: p.file, loaded: p.loaded, total: p.total, done: p.done }));

  progress('loading');
  const loadRequest: LoadRequest = {
    type: 'load',
    requestId,
    modelId: request.modelId,
    dtype: run.dtype,
    device: run.device,
    ...(request.offline !== undefined ? { offline: request.offline } : {}),
    ...(request.modelFileName ? { modelFileName: request.modelFileName } : {}),
  };
  const session = await ctx.deps
    .loadSession(loadRequest, run.probe, fileProgress.onProgress, ctx.deps.now)
    .finally(() => fileProgress.end());
  try {
    if (run.flag.stopped) return null;
    progress('decoding');
    const speed = await decodeSpeed(ctx, session, request, run.flag);
    if (run.flag.stopped) return null;
    progress('evaluating');
    const evaluation = await evaluate(ctx, session, request.text, run);
    if (evaluation === null) return null;
    const download = downloadSize(fileProgress.files, request.modelId, run.dtype);
    const row: LabMeasuredRow = {
      dtype: run.dtype,
      status: 'measured',
      baseline: run.isBaseline,
      device: session.info.device,
      downloadBytes: download.bytes,
      downloadSource: download.source,
      loadMs: session.info.loadMs,
      ...speed,
      ...evaluation.metrics,
    };
    return { row, rows: run.isBaseline ? { ids: evaluation.ids, rows: evaluation.rows } : null };
  } finally {
    await session.lm.release();
    await session.model.dispose();
  }
}

/** Greedy decoding of the request's prompt: the same tokens' worth of work for every dtype. */
async function decodeSpeed(ctx: ModeContext<'lab'>, session: LoadedSession, request: LabRequest, flag: StopFlag) {
  const { tokenizer, lm } = session;
  const decoder = textCodec(tokenizer);
  const prompt = decoder.encode(request.decodePrompt);
  const report = await decodeBatch(lm, decoder, prompt, [{ settings: { ...NEUTRAL_SAMPLING_SETTINGS, greedy: true }, seed: 0, maxNewTokens: request.decodeTokens }], {
    stopReason: () => (flag.stopped ? 'stopped' : null),
    yieldToHost: ctx.deps.yieldToHost,
    onToken: () => {},
    now: ctx.deps.now,
  });
  return { decodeTokensPerSecond: report.decodeTokensPerSecond, decodedTokens: report.panels[0]?.tokenIds.length ?? 0 };
}

/**
 * Perplexity over the text and, against the baseline, KL, top-1 agreement and the largest logit
 * difference, one position at a time. The baseline keeps its rows; other dtypes keep none.
 *
 * @returns null when a stop arrived between chunks.
 */
async function evaluate(ctx: ModeContext<'lab'>, session: LoadedSession, text: string, run: DtypeRun) {
  const allIds = textCodec(session.tokenizer).encode(text);
  const limit = Math.min(LAB_MAX_TEXT_TOKENS, session.info.contextLength);
  const ids = allIds.slice(0, limit);
  if (ids.length < 2) throw new WorkerError('invalid_request', { reason: 'text_too_short', value: ids.length });
  const baseline = run.baseline;
  if (baseline && (baseline.ids.length !== ids.length || baseline.ids.some((id, i) => id !== ids[i]))) {
    throw new WorkerError('internal', { reason: 'tokenizer_mismatch', dtype: run.dtype });
  }
  const perplexity = createPerplexity();
  const comparison = createComparison();
  const kept: Float32Array[] = [];
  try {
    const positions = await forEachSequenceLogits(session.model, ids, {
      vocabSize: session.info.vocabSize,
      onRow: (i, row) => {
        if (i + 1 < ids.length) perplexity.add(row, ids[i + 1]!);
        if (run.isBaseline) {
          kept.push(row);
          comparison.add(row, row);
        } else if (baseline) {
          comparison.add(baseline.rows[i]!, row);
        }
      },
      between: async () => {
        await ctx.deps.yieldToHost();
        return run.flag.stopped;
      },
    });
    if (positions < ids.length) return null;
  } catch (error) {
    // log-softmax refuses NaN and +Infinity logits: fp16 can overflow where fp32 does not.
    if (error instanceof RangeError && /NaN|Infinity/.test(error.message)) {
      throw new WorkerError('nan_logits', { dtype: run.dtype }, error.message);
    }
    throw error;
  }
  const compared = run.isBaseline || baseline ? comparison.result() : null;
  return {
    ids,
    rows: kept,
    metrics: {
      perplexity: perplexity.result().perplexity,
      evaluatedTokens: ids.length,
      droppedTokens: allIds.length - ids.length,
      meanKl: compared?.meanKl ?? null,
      top1Agreement: compared?.top1Agreement ?? null,
      maxLogitDiff: compared?.maxAbsLogitDiff ?? null,
    },
  };
}

/**
 * The weight files' sizes as the load reported them. A load that reported no totals (files
 * served from memory) falls back on the catalog's measured size for that dtype.
 */
function downloadSize(files: FileSizes, modelId: string, dtype: ModelDtype): { bytes: number | null; source: LabDownloadSource } {
  let bytes = 0;
  for (const [name, file] of files) {
    if (WEIGHT_FILE.test(name)) bytes += file.total ?? 0;
  }
  if (bytes > 0) return { bytes, source: 'files' };
  const known = CATALOG.find((entry) => entry.id === modelId)?.dtypes.find((d) => d.dtype === dtype)?.bytes ?? null;
  return known === null ? { bytes: null, source: 'unknown' } : { bytes: known, source: 'catalog' };
}
