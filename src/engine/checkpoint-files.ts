/**
 * What a model repository's file list says it holds, for the page and the worker alike: an ONNX
 * export transformers.js loads as is, or only a PyTorch / safetensors checkpoint that the page can
 * convert in the browser (src/convert). Pure: a Hub listing and a folder picked from disk give the
 * same answer.
 */

/** Weight files the converter reads (src/convert/checkpoint.ts), a single file or a sharded index. */
const CHECKPOINT_FILES = ['model.safetensors', 'model.safetensors.index.json', 'pytorch_model.bin', 'pytorch_model.bin.index.json'] as const;

/** Shards an index names: `model-00001-of-00003.safetensors`, `pytorch_model-00001-of-00002.bin`. */
const SHARD = /^(model-\d+-of-\d+\.safetensors|pytorch_model-\d+-of-\d+\.bin)$/;

export interface RepoFile {
  /** Path inside the repository, `/`-separated (`onnx/model.onnx`). */
  readonly path: string;
  /** Bytes; null where the listing does not say. */
  readonly size: number | null;
}

export interface RepoContents {
  /** Whether it has an ONNX export of a causal LM under `onnx/` (then it loads without converting). */
  readonly onnx: boolean;
  /** Whether it has config.json and weights the converter reads. */
  readonly checkpoint: boolean;
  /** Bytes of the weight files a conversion downloads (the safetensors ones when both kinds are there); null when unknown. */
  readonly checkpointBytes: number | null;
}

/** What `files` (paths at the repository's root level) hold. */
export function repoContents(files: readonly RepoFile[]): RepoContents {
  const paths = new Set(files.map((f) => f.path));
  const onnx = files.some((f) => /^onnx\/(model|decoder_model_merged)(_[a-z0-9]+)?\.onnx$/.test(f.path));
  const format = paths.has('model.safetensors') || paths.has('model.safetensors.index.json') ? 'safetensors' : paths.has('pytorch_model.bin') || paths.has('pytorch_model.bin.index.json') ? 'pytorch' : null;
  const checkpoint = paths.has('config.json') && format !== null;
  const weights = files.filter((f) => (format === 'safetensors' ? /\.safetensors$/.test(f.path) : /\.bin$/.test(f.path)) && (CHECKPOINT_FILES.includes(f.path as (typeof CHECKPOINT_FILES)[number]) || SHARD.test(f.path)));
  const checkpointBytes = !checkpoint || weights.some((f) => f.size === null) ? null : weights.reduce((sum, f) => sum + (f.size ?? 0), 0);
  return { onnx, checkpoint, checkpointBytes };
}

/**
 * Where a checkpoint is in a folder picked from disk: the folder itself when it has config.json
 * and weights, else the one folder below it that has them; null when it holds no checkpoint.
 */
export function checkpointRoot(files: readonly RepoFile[]): string | null {
  const roots = [...new Set(files.filter((f) => f.path === 'config.json' || f.path.endsWith('/config.json')).map((f) => f.path.slice(0, -'config.json'.length)))];
  const inside = (root: string) => files.filter((f) => f.path.startsWith(root)).map((f) => ({ path: f.path.slice(root.length), size: f.size }));
  const found = roots.filter((root) => repoContents(inside(root)).checkpoint);
  if (found.includes('')) return '';
  return found.length === 1 ? (found[0] ?? null) : null;
}
