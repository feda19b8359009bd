/**
 * The `convert` request: a Hub checkpoint converted into the browser's Cache Storage (where the
 * next load of the same id finds it), or a checkpoint folder from disk converted into Blobs that
 * go back to the page, which opens them like any model folder. The work is in
 * convert/run-conversion.ts; this file streams its progress (at most one event per file every
 * {@link PROGRESS_MS}, and always the last) and turns its failures into codes.
 */
import { ConvertError } from '../convert/errors.ts';
import { MODEL_CACHE_NAME } from '../engine/model-cache.ts';
import { ConversionTooLargeError, convertCheckpointFolder, convertHubCheckpoint, type ConversionProgress } from './convert/run-conversion.ts';
import { WorkerError } from './errors.ts';
import { PROGRESS_MS } from './file-progress.ts';
import type { Runner } from './mode-context.ts';
import type { ConvertRequest, ErrorReason } from './protocol.ts';

/** The converter's codes as the boundary's reasons (`missing-weights` → `missing_weights`). */
const REASONS: Readonly<Record<ConvertError['code'], ErrorReason>> = {
  'unsupported-model': 'unsupported_model',
  'missing-weights': 'missing_weights',
  'damaged-file': 'damaged_file',
  'unsafe-pickle': 'unsafe_pickle',
  'bad-tensor': 'bad_tensor',
  'missing-tokenizer': 'missing_tokenizer',
  'write-failed': 'write_failed',
};

/** A conversion's failure as a code with its parameters; the converter's English sentence goes in `detail`. */
export function conversionError(error: unknown, request: Pick<ConvertRequest, 'modelId'>): unknown {
  const { modelId } = request;
  if (error instanceof ConvertError) return new WorkerError('convert_failed', { modelId, reason: REASONS[error.code] }, error.message);
  if (error instanceof ConversionTooLargeError) {
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    return new WorkerError('convert_too_large', { modelId, dtype: error.dtype, value: mb(error.needBytes), max: mb(error.deviceBytes) }, error.message);
  }
  return error;
}

/** Thins progress to one event per file every PROGRESS_MS, always sending a file's last bytes. */
function thinned(now: () => number, send: (p: ConversionProgress) => void): (p: ConversionProgress) => void {
  const lastSent = new Map<string, number>();
  return (p) => {
    const key = `${p.phase}:${p.file}`;
    const t = now();
    if (p.done < p.total && t - (lastSent.get(key) ?? -Infinity) < PROGRESS_MS) return;
    lastSent.set(key, t);
    send(p);
  };
}

export const runConvert: Runner<'convert'> = async (ctx, request) => {
  const { requestId } = request;
  const controller = new AbortController();
  const untrack = ctx.track({ requestId, stop: () => controller.abort() });
  const onProgress = thinned(ctx.deps.now, (p) => ctx.emit({ type: 'convert_progress', requestId, ...p }));
  try {
    if (request.diskFiles) {
      const files = request.diskFiles.map(({ path, file }) => {
        if (!(file instanceof Blob)) throw new WorkerError('invalid_request', { reason: 'not_a_file', value: path });
        return { path, file };
      });
      const out = await convertCheckpointFolder({ name: request.modelId, files, dtypes: request.dtypes, onProgress, signal: controller.signal });
      return {
        modelId: request.modelId,
        format: out.summary.checkpoint.format,
        files: out.files.map((f) => ({ path: f.path, bytes: f.file.size })),
        // Files, not bare Blobs: the page opens them as a folder from disk (src/state/disk-folder.ts's DiskFolder).
        diskFiles: out.files.map((f) => ({ path: f.path, file: new File([f.file], f.path.split('/').pop() ?? f.path) })),
      };
    }
    const storage = globalThis.caches as CacheStorage | undefined;
    if (!storage) throw new ConvertError('write-failed', 'This context has no Cache Storage to keep the converted model in.');
    const out = await convertHubCheckpoint({
      modelId: request.modelId,
      host: request.modelHost,
      dtypes: request.dtypes,
      deviceMemoryGb: request.deviceMemoryGb,
      cache: await storage.open(MODEL_CACHE_NAME),
      origin: globalThis.location.origin,
      onProgress,
      signal: controller.signal,
    });
    return { modelId: request.modelId, format: out.summary.checkpoint.format, files: out.files, diskFiles: null };
  } catch (error) {
    throw conversionError(error, request);
  } finally {
    untrack();
  }
};
