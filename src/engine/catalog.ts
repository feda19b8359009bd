/**
 * The models the playground offers. Hub models are the real ones (they need internet once);
 * local models are the ones `npm run models:generate` writes under `public/models/local/`.
 * Each model's one-line note is in the page's catalogs (src/ui/i18n), keyed by its id.
 */
import { dtypeSupport, MODEL_DTYPES, type AdapterFeatures, type Backend, type ModelDtype, type Support } from './backend-support.ts';
import { gptParameterCount, type GptDimensions } from './gpt-parameters.ts';

export type ModelFamily = 'gpt2' | 'gpt_neo';

export interface CatalogDtype {
  readonly dtype: ModelDtype;
  /** Download size of the ONNX file in bytes; null where we do not know it. */
  readonly bytes: number | null;
  /**
   * Whether `bytes` is an estimate (a Hub file we could not measure here) rather than measured; the
   * exact size shows in the progress bars while it downloads.
   */
  readonly estimated?: boolean;
}

export interface CatalogEntry {
  /** Hub id (`onnx-community/gpt2-ONNX`) or local id (`local/gpt2-tiny`, served from /models/local/). */
  readonly id: string;
  readonly family: ModelFamily;
  readonly source: 'hub' | 'local';
  /** Parameter count, for display. */
  readonly parameters: number;
  readonly language: string;
  readonly license: string;
  readonly dtypes: readonly CatalogDtype[];
  /**
   * ONNX file stem when it is not `model`: the older Xenova exports use `decoder_model_merged`
   * (transformers.js option `model_file_name`).
   */
  readonly modelFileName?: string;
  /** Generated models have random weights: the page must say so wherever they appear. */
  readonly randomWeights: boolean;
  /**
   * `browser`: the Hub repository holds a PyTorch / safetensors checkpoint and no ONNX export, so
   * the page converts it in the browser (src/worker/convert) and keeps the result for later loads.
   */
  readonly conversion?: 'browser';
}

/**
 * GPT-2 small's file sizes as `npm run models:generate -- --size gpt2-124m` writes them (the same
 * shapes and quantization schemes as the Hub exports; docs/models.md), in bytes per parameter.
 * A Hub model's size is its parameter count times these: an estimate, marked as one.
 */
const BYTES_PER_PARAMETER: Readonly<Record<ModelDtype, number>> = {
  fp32: 498e6 / 124.4e6,
  fp16: 249e6 / 124.4e6,
  q8: 166e6 / 124.4e6,
  q4: 120e6 / 124.4e6,
};

/** The estimated ONNX file size of a model of `parameters` weights in `dtype`, to the megabyte. */
export function estimatedModelBytes(parameters: number, dtype: ModelDtype): number {
  return Math.round((parameters * BYTES_PER_PARAMETER[dtype]) / 1e6) * 1e6;
}

function estimatedDtypes(parameters: number, dtypes: readonly ModelDtype[]): CatalogDtype[] {
  return dtypes.map((dtype) => ({ dtype, bytes: estimatedModelBytes(parameters, dtype), estimated: true }));
}

/** Tiny generated models: 2 layers, 64 wide, GPT-2's 50,257-token vocabulary (sizes measured). */
const TINY_DTYPES: readonly CatalogDtype[] = [
  { dtype: 'fp32', bytes: 13_300_000 },
  { dtype: 'fp16', bytes: 6_700_000 },
  { dtype: 'q8', bytes: 6_600_000 },
  { dtype: 'q4', bytes: 5_400_000 },
];

/**
 * A Hub checkpoint the page converts: its size per dtype from the parameter count of its
 * `config.json` dimensions (estimated, as for the other Hub models: the converter writes the same
 * graph and quantization schemes as the generator, whose GPT-2 small sizes give the bytes per
 * parameter).
 */
function converted(entry: Omit<CatalogEntry, 'source' | 'parameters' | 'dtypes' | 'randomWeights' | 'family' | 'conversion'>, dims: GptDimensions): CatalogEntry {
  const parameters = gptParameterCount(dims);
  return { ...entry, family: dims.family, source: 'hub', parameters, dtypes: estimatedDtypes(parameters, MODEL_DTYPES), randomWeights: false, conversion: 'browser' };
}

/** GPT-2 small's dimensions (config.json: n_layer 12, n_embd 768, n_positions 1024, vocab_size 50257). */
const GPT2_SMALL: GptDimensions = { family: 'gpt2', layers: 12, width: 768, positions: 1024, vocab: 50257 };
/** GPT-Neo's context and vocabulary, the same in every size (max_position_embeddings 2048, vocab_size 50257). */
const NEO = { family: 'gpt_neo', positions: 2048, vocab: 50257 } as const;

/**
 * Checkpoints with no ONNX export on the Hub, converted in the browser. Dimensions as their
 * `config.json` files give them; the two Spanish GPT-2s are GPT-2 small with their own 50,257-token
 * BPE vocabularies.
 */
export const CONVERTED_CATALOG: readonly CatalogEntry[] = [
  converted({ id: 'datificate/gpt2-small-spanish', language: 'es', license: 'Apache-2.0' }, GPT2_SMALL),
  converted({ id: 'DeepESP/gpt2-spanish', language: 'es', license: 'MIT' }, GPT2_SMALL),
  converted({ id: 'openai-community/gpt2-medium', language: 'en', license: 'MIT' }, { family: 'gpt2', layers: 24, width: 1024, positions: 1024, vocab: 50257 }),
  converted({ id: 'openai-community/gpt2-large', language: 'en', license: 'MIT' }, { family: 'gpt2', layers: 36, width: 1280, positions: 1024, vocab: 50257 }),
  converted({ id: 'EleutherAI/gpt-neo-125m', language: 'en', license: 'MIT' }, { ...NEO, layers: 12, width: 768 }),
  converted({ id: 'EleutherAI/gpt-neo-1.3B', language: 'en', license: 'MIT' }, { ...NEO, layers: 24, width: 2048 }),
  converted({ id: 'EleutherAI/gpt-neo-2.7B', language: 'en', license: 'MIT' }, { ...NEO, layers: 32, width: 2560 }),
  converted({ id: 'roneneldan/TinyStories-1M', language: 'en', license: 'not stated' }, { ...NEO, layers: 8, width: 64 }),
  converted({ id: 'roneneldan/TinyStories-33M', language: 'en', license: 'not stated' }, { ...NEO, layers: 4, width: 768 }),
];

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'onnx-community/gpt2-ONNX',
    family: 'gpt2',
    source: 'hub',
    parameters: 124_000_000,
    language: 'en',
    license: 'MIT',
    dtypes: estimatedDtypes(124_000_000, ['fp32', 'fp16', 'q8', 'q4']),
    randomWeights: false,
  },
  {
    id: 'Xenova/distilgpt2',
    family: 'gpt2',
    source: 'hub',
    parameters: 82_000_000,
    language: 'en',
    license: 'Apache-2.0',
    dtypes: estimatedDtypes(82_000_000, ['fp32', 'q8']),
    modelFileName: 'decoder_model_merged',
    randomWeights: false,
  },
  {
    id: 'Xenova/gpt-neo-125M',
    family: 'gpt_neo',
    source: 'hub',
    parameters: 125_000_000,
    language: 'en',
    license: 'MIT',
    dtypes: estimatedDtypes(125_000_000, ['fp32', 'q8']),
    modelFileName: 'decoder_model_merged',
    randomWeights: false,
  },
  ...CONVERTED_CATALOG,
  {
    id: 'local/gpt2-tiny',
    family: 'gpt2',
    source: 'local',
    parameters: 3_332_928,
    language: 'en',
    license: 'MIT',
    dtypes: TINY_DTYPES,
    randomWeights: true,
  },
  {
    id: 'local/gpt-neo-tiny',
    family: 'gpt_neo',
    source: 'local',
    parameters: 3_332_928,
    language: 'en',
    license: 'MIT',
    dtypes: TINY_DTYPES,
    randomWeights: true,
  },
];

/** Whether the page converts `id` in the browser (a catalog checkpoint without an ONNX export). */
export function isConvertedInBrowser(id: string): boolean {
  return CATALOG.some((entry) => entry.id === id && entry.conversion === 'browser');
}

/** The prefix of models the app serves itself (generated under `public/models/local/`). */
export const LOCAL_MODEL_PREFIX = 'local/';

/**
 * Whether `id` names a model the app serves. Such a load never goes to the Hub, so a mistyped
 * local id reads "not found" instead of a network error on an offline machine.
 */
export function isLocalModelId(id: string): boolean {
  return id.startsWith(LOCAL_MODEL_PREFIX);
}

/** Each dtype of a model with whether this backend can run it and, if not, why. */
export function dtypeChoices(entry: CatalogEntry, backend: Backend, adapter: AdapterFeatures | null): (CatalogDtype & { support: Support })[] {
  return entry.dtypes.map((d) => ({ ...d, support: dtypeSupport(d.dtype, backend, adapter) }));
}
