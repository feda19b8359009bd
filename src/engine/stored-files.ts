/**
 * Which model, dtype and file a stored download is, from its URL: the app's own models
 * (`/models/<id>/<file>`) and Hub-like hosts (`/<id>/resolve/<revision>/<file>`).
 */
import type { ModelDtype } from './backend-support.ts';

export interface StoredFile {
  readonly modelId: string;
  /** Path inside the model's folder, e.g. `onnx/model_q4.onnx`. */
  readonly file: string;
  /** The weights' dtype for an ONNX file; null for config and tokenizer files. */
  readonly dtype: ModelDtype | null;
  readonly bytes: number;
}

export interface StoredModel {
  readonly modelId: string;
  /** Dtypes whose weights are stored, with their size. */
  readonly dtypes: readonly { readonly dtype: ModelDtype; readonly bytes: number }[];
  /** Config and tokenizer files: needed by every dtype. */
  readonly sharedBytes: number;
  readonly sharedFiles: readonly string[];
  readonly totalBytes: number;
}

/** `model.onnx` → fp32, `model_fp16.onnx` → fp16, `…_quantized.onnx` → q8, `…_q4.onnx` → q4. */
export function onnxFileDtype(file: string): ModelDtype | null {
  const name = file.split('/').pop() ?? '';
  if (!name.endsWith('.onnx')) return null;
  const stem = name.slice(0, -'.onnx'.length);
  if (stem.endsWith('_fp16')) return 'fp16';
  if (stem.endsWith('_quantized')) return 'q8';
  if (stem.endsWith('_q4')) return 'q4';
  return /_(int8|uint8|bnb4|q4f16|q8)$/.test(stem) ? null : 'fp32';
}

/** The model and file a stored URL belongs to; null for anything else (e.g. the runtime's .wasm). */
export function parseStoredUrl(url: string): { modelId: string; file: string } | null {
  const { pathname } = new URL(url, 'http://local.invalid');
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'models' && parts.length >= 4) return { modelId: `${parts[1]}/${parts[2]}`, file: parts.slice(3).join('/') };
  const resolve = parts.indexOf('resolve');
  if (resolve === 2 && parts.length >= 5) return { modelId: `${parts[0]}/${parts[1]}`, file: parts.slice(4).join('/') };
  return null;
}

/** The stored files grouped per model, models sorted by id, dtypes in a fixed order. */
export function groupStoredFiles(files: readonly StoredFile[]): StoredModel[] {
  const order: readonly ModelDtype[] = ['fp32', 'fp16', 'q8', 'q4'];
  const byModel = new Map<string, StoredFile[]>();
  for (const f of files) byModel.set(f.modelId, [...(byModel.get(f.modelId) ?? []), f]);
  return [...byModel.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([modelId, list]) => {
      const shared = list.filter((f) => f.dtype === null);
      const dtypes = order.flatMap((dtype) => {
        const weights = list.filter((f) => f.dtype === dtype);
        return weights.length ? [{ dtype, bytes: weights.reduce((sum, f) => sum + f.bytes, 0) }] : [];
      });
      const sharedBytes = shared.reduce((sum, f) => sum + f.bytes, 0);
      return {
        modelId,
        dtypes,
        sharedBytes,
        sharedFiles: shared.map((f) => f.file).sort(),
        totalBytes: sharedBytes + dtypes.reduce((sum, d) => sum + d.bytes, 0),
      };
    });
}

/** Files a model needs besides its weights: without them a stored dtype cannot load offline. */
export const REQUIRED_SHARED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

/** Whether `dtype` of `modelId` can load from storage alone. */
export function isStoredForOffline(models: readonly StoredModel[], modelId: string, dtype: ModelDtype): boolean {
  const model = models.find((m) => m.modelId === modelId);
  return !!model && model.dtypes.some((d) => d.dtype === dtype) && REQUIRED_SHARED_FILES.every((f) => model.sharedFiles.includes(f));
}
