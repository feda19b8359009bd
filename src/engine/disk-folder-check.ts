/**
 * What a model folder opened from disk holds: where the model is inside what was picked, which
 * ONNX export and dtypes it has, and what is missing. Pure: the page checks a folder before it
 * sends it, and the worker checks it again before it serves it to transformers.js.
 */
import { dtypeSupport, MODEL_DTYPES, defaultDtype, type AdapterFeatures, type Backend, type ModelDtype } from './backend-support.ts';

/** Model ids of folders opened from disk start with this; no Hub or local id does. */
export const DISK_MODEL_PREFIX = 'disk/';

/** Files transformers.js cannot load a causal LM without (the ONNX weights are checked apart). */
export const REQUIRED_DISK_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

/** How the weights are named in the missing-file list: any dtype of either export will do. */
export const ONNX_REQUIREMENT = 'onnx/model*.onnx';

/**
 * ONNX file stems transformers.js can be pointed at (`model_file_name`), most preferred first:
 * today's exports use `model`, older Xenova ones `decoder_model_merged` (as `npm run models --
 * download Xenova/distilgpt2` writes them).
 */
const ONNX_STEMS = ['model', 'decoder_model_merged'] as const;

/** The suffix of each dtype's file, as transformers.js names them. */
const DTYPE_SUFFIX: Readonly<Record<ModelDtype, string>> = { fp32: '', fp16: '_fp16', q8: '_quantized', q4: '_q4' };

/** A file of the folder: its path inside the picked folder (`/`-separated) and its size. */
export interface DiskFileInfo {
  readonly path: string;
  readonly size: number;
}

export type DiskFolderCheck =
  | {
      readonly ok: true;
      /** Where the model is inside the picked folder: `''`, or e.g. `local/gpt2-tiny/` when a parent was picked. */
      readonly root: string;
      /** `model`, or `decoder_model_merged` for older exports (transformers.js `model_file_name`). */
      readonly modelFileName: string;
      /** The dtypes whose weights are in the folder, with their size, in {@link MODEL_DTYPES} order. */
      readonly dtypes: readonly { readonly dtype: ModelDtype; readonly bytes: number }[];
    }
  | {
      readonly ok: false;
      /** What is missing, as a person would look for it (`tokenizer.json`, `onnx/model*.onnx`). */
      readonly missing: readonly string[];
    };

/**
 * Where the model is: the picked folder itself when it has a config.json, else the one folder
 * below it that has one (a teacher who picks the USB stick's `models/` rather than the model).
 */
function modelRoot(paths: readonly string[]): string {
  if (paths.includes('config.json')) return '';
  const roots = [...new Set(paths.filter((p) => p.endsWith('/config.json')).map((p) => p.slice(0, -'config.json'.length)))];
  return roots.length === 1 ? (roots[0] ?? '') : '';
}

/** Checks a picked folder: ok with its root, export and dtypes, or what is missing. */
export function checkDiskFolder(files: readonly DiskFileInfo[]): DiskFolderCheck {
  const root = modelRoot(files.map((f) => f.path));
  const inRoot = new Map(files.filter((f) => f.path.startsWith(root)).map((f) => [f.path.slice(root.length), f.size]));
  const missing: string[] = REQUIRED_DISK_FILES.filter((name) => !inRoot.has(name));
  for (const stem of ONNX_STEMS) {
    const dtypes = MODEL_DTYPES.flatMap((dtype) => {
      const bytes = inRoot.get(`onnx/${stem}${DTYPE_SUFFIX[dtype]}.onnx`);
      return bytes === undefined ? [] : [{ dtype, bytes }];
    });
    if (dtypes.length > 0) return missing.length > 0 ? { ok: false, missing } : { ok: true, root, modelFileName: stem, dtypes };
  }
  return { ok: false, missing: [...missing, ONNX_REQUIREMENT] };
}

/**
 * What `auto` loads from a folder: the backend's default ({@link defaultDtype}) when the folder
 * has it, else the first dtype it has that the backend can run; null when it can run none.
 */
export function autoDtypeAmong(available: readonly ModelDtype[], backend: Backend, adapter: AdapterFeatures | null): ModelDtype | null {
  const preferred = defaultDtype(backend);
  if (available.includes(preferred)) return preferred;
  return available.find((dtype) => dtypeSupport(dtype, backend, adapter).ok) ?? null;
}

/**
 * The model id a folder runs under: `disk/<folder name>`, with anything a Hub id cannot hold
 * turned into `-`, so transformers.js treats it like any other model id.
 */
export function diskModelId(folderName: string): string {
  const slug = folderName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off their letters: "Modèle" → "Modele"
    .replace(/[^\w.-]+/g, '-')
    .replace(/[-.]{2,}/g, '-') // the Hub refuses "--" and ".." in ids
    .slice(0, 96)
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${DISK_MODEL_PREFIX}${slug || 'model'}`;
}

/** Whether `id` names a folder opened from disk. */
export function isDiskModelId(id: string): boolean {
  return id.startsWith(DISK_MODEL_PREFIX);
}
