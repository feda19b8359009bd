/**
 * The models the playground offers. Hub models are the real ones (they need internet once);
 * local models are the ones `npm run models:generate` writes under `public/models/local/`.
 */
import { dtypeSupport, type AdapterFeatures, type Backend, type ModelDtype, type Support } from './backend-support.ts';

export type ModelFamily = 'gpt2' | 'gpt_neo';

export interface CatalogDtype {
  readonly dtype: ModelDtype;
  /** Download size of the ONNX file in bytes; null where we have not measured it. */
  readonly bytes: number | null;
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
  /** One line about the model, in each language of the page. */
  readonly note: LocalizedText;
}

/** A text the page shows in its language. */
export interface LocalizedText {
  readonly en: string;
  readonly es: string;
}

export const RANDOM_WEIGHTS_NOTE: LocalizedText = {
  en: 'random weights — for testing the pipeline',
  es: 'pesos aleatorios — para probar el sistema',
};

/** Tiny generated models: 2 layers, 64 wide, GPT-2's 50,257-token vocabulary (sizes measured). */
const TINY_DTYPES: readonly CatalogDtype[] = [
  { dtype: 'fp32', bytes: 13_300_000 },
  { dtype: 'fp16', bytes: 6_700_000 },
  { dtype: 'q8', bytes: 6_600_000 },
  { dtype: 'q4', bytes: 5_400_000 },
];

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'onnx-community/gpt2-ONNX',
    family: 'gpt2',
    source: 'hub',
    parameters: 124_000_000,
    language: 'en',
    license: 'MIT',
    dtypes: [
      { dtype: 'fp32', bytes: null },
      { dtype: 'fp16', bytes: null },
      { dtype: 'q8', bytes: null },
      { dtype: 'q4', bytes: null },
    ],
    randomWeights: false,
    note: { en: 'OpenAI GPT-2 small (2019), English web text.', es: 'GPT-2 small de OpenAI (2019), texto web en inglés.' },
  },
  {
    id: 'Xenova/distilgpt2',
    family: 'gpt2',
    source: 'hub',
    parameters: 82_000_000,
    language: 'en',
    license: 'Apache-2.0',
    dtypes: [
      { dtype: 'fp32', bytes: null },
      { dtype: 'q8', bytes: null },
    ],
    modelFileName: 'decoder_model_merged',
    randomWeights: false,
    note: { en: 'GPT-2 distilled to 6 layers: faster, a little less fluent.', es: 'GPT-2 destilado a 6 capas: más rápido, algo menos fluido.' },
  },
  {
    id: 'Xenova/gpt-neo-125M',
    family: 'gpt_neo',
    source: 'hub',
    parameters: 125_000_000,
    language: 'en',
    license: 'MIT',
    dtypes: [
      { dtype: 'fp32', bytes: null },
      { dtype: 'q8', bytes: null },
    ],
    modelFileName: 'decoder_model_merged',
    randomWeights: false,
    note: { en: 'EleutherAI GPT-Neo trained on the Pile, which includes code.', es: 'GPT-Neo de EleutherAI, entrenado con The Pile, que incluye código.' },
  },
  {
    id: 'local/gpt2-tiny',
    family: 'gpt2',
    source: 'local',
    parameters: 3_332_928,
    language: 'en',
    license: 'MIT',
    dtypes: TINY_DTYPES,
    randomWeights: true,
    note: {
      en: `GPT-2 architecture, 2 layers; ${RANDOM_WEIGHTS_NOTE.en}.`,
      es: `Arquitectura GPT-2, 2 capas; ${RANDOM_WEIGHTS_NOTE.es}.`,
    },
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
    note: {
      en: `GPT-Neo architecture (global + local attention), 2 layers; ${RANDOM_WEIGHTS_NOTE.en}.`,
      es: `Arquitectura GPT-Neo (atención global + local), 2 capas; ${RANDOM_WEIGHTS_NOTE.es}.`,
    },
  },
];

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
