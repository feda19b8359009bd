/**
 * Reads a Hugging Face `config.json` into the shape our graph builder takes, for GPT-2 and GPT-Neo,
 * and refuses, with the reason, every model whose maths the builder does not reproduce.
 */
import type { AttentionKind, Family, ModelShape } from '../onnx/spec.ts';
import { ConvertError } from './errors.ts';

export type HfConfig = Readonly<Record<string, unknown>>;

const unsupported = (message: string) => new ConvertError('unsupported-model', message);

function int(config: HfConfig, key: string, fallback?: number): number {
  const value = config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConvertError('damaged-file', `config.json: "${key}" is ${JSON.stringify(value)}, not a positive integer.`);
  }
  return value;
}

function epsilon(config: HfConfig): number {
  const value = config.layer_norm_epsilon ?? 1e-5;
  if (typeof value !== 'number' || !(value > 0)) throw new ConvertError('damaged-file', `config.json: "layer_norm_epsilon" is ${JSON.stringify(value)}.`);
  return value;
}

function checkCommon(config: HfConfig, name: string): void {
  const activation = config.activation_function ?? 'gelu_new';
  if (activation !== 'gelu_new') {
    throw unsupported(`${name} uses the activation "${String(activation)}"; the converter builds GPT-2 / GPT-Neo graphs with gelu_new only.`);
  }
  if (config.tie_word_embeddings === false) {
    throw unsupported(`${name} has its own lm_head (tie_word_embeddings: false); the converter builds the head tied to the token embeddings, as GPT-2 and GPT-Neo have it.`);
  }
}

/** GPT-Neo's `attention_types` ([[["global", "local"], 6]]) expanded, as transformers does. */
function neoAttentionLayers(config: HfConfig, nLayer: number): AttentionKind[] {
  let layers: unknown = config.attention_layers;
  if (!Array.isArray(layers) && Array.isArray(config.attention_types)) {
    layers = (config.attention_types as unknown[]).flatMap((entry) => {
      const [pattern, repeat] = Array.isArray(entry) ? entry : [];
      return Array.isArray(pattern) && typeof repeat === 'number' ? Array.from({ length: repeat }, () => pattern).flat() : [];
    });
  }
  if (!Array.isArray(layers) || layers.length !== nLayer || !layers.every((kind) => kind === 'global' || kind === 'local')) {
    throw new ConvertError('damaged-file', `config.json: GPT-Neo's attention_layers / attention_types do not give "global" or "local" for each of its ${nLayer} layers.`);
  }
  return layers as AttentionKind[];
}

/**
 * The model's shape from its `config.json`.
 * @param name - The model's name (hub id or folder) for messages.
 * @throws ConvertError `unsupported-model` for another architecture or a variant we do not build.
 */
export function shapeFromConfig(config: HfConfig, name: string): ModelShape {
  const modelType = config.model_type;
  const architectures = Array.isArray(config.architectures) ? ` (${config.architectures.join(', ')})` : '';
  if (modelType !== 'gpt2' && modelType !== 'gpt_neo') {
    throw unsupported(`${name} is a "${String(modelType)}" model${architectures}; the converter builds GPT-2 and GPT-Neo only.`);
  }
  checkCommon(config, name);
  const family: Family = modelType;
  if (family === 'gpt2') {
    if (config.scale_attn_weights === false) throw unsupported(`${name} turns off attention scaling (scale_attn_weights: false), which our GPT-2 graph does not build.`);
    if (config.scale_attn_by_inverse_layer_idx === true) throw unsupported(`${name} scales attention by the layer index (scale_attn_by_inverse_layer_idx), which our GPT-2 graph does not build.`);
    const nLayer = int(config, 'n_layer');
    return {
      family,
      nLayer,
      nHead: int(config, 'n_head'),
      nEmbd: int(config, 'n_embd'),
      nPositions: int(config, 'n_positions'),
      vocabSize: int(config, 'vocab_size'),
      windowSize: 256,
      attentionLayers: Array<AttentionKind>(nLayer).fill('global'),
      layerNormEpsilon: epsilon(config),
    };
  }
  const nLayer = int(config, 'num_layers');
  return {
    family,
    nLayer,
    nHead: int(config, 'num_heads'),
    nEmbd: int(config, 'hidden_size'),
    nPositions: int(config, 'max_position_embeddings'),
    vocabSize: int(config, 'vocab_size'),
    windowSize: int(config, 'window_size', 256),
    attentionLayers: neoAttentionLayers(config, nLayer),
    layerNormEpsilon: epsilon(config),
  };
}

/** Parses `config.json`'s text, with a clear error for a file that is not JSON. */
export function parseConfigJson(text: string, name: string): HfConfig {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as HfConfig;
  } catch {
    // fall through
  }
  throw new ConvertError('damaged-file', `${name}: config.json is not a JSON object. Download it again.`);
}
