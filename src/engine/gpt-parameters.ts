/**
 * How many weights a GPT-2 or GPT-Neo has, from its `config.json` values alone. The catalog states
 * the sizes of models the page converts in the browser from these counts, and the converter checks
 * a typed Hub id's size against the device's memory before it downloads anything.
 *
 * Both families tie the output head to the token embeddings, so the head adds nothing.
 */

export interface GptDimensions {
  readonly family: 'gpt2' | 'gpt_neo';
  /** GPT-2 `n_layer`, GPT-Neo `num_layers`. */
  readonly layers: number;
  /** GPT-2 `n_embd`, GPT-Neo `hidden_size`. */
  readonly width: number;
  /** GPT-2 `n_positions`, GPT-Neo `max_position_embeddings`. */
  readonly positions: number;
  readonly vocab: number;
  /** The MLP's inner width: GPT-2 `n_inner`, GPT-Neo `intermediate_size`; 4 × width when null. */
  readonly inner?: number | null;
}

/**
 * The parameter count. Per layer, with width E and inner width I: two layer norms (4E), attention
 * (GPT-2: fused q/k/v 3E² + 3E and the projection E² + E; GPT-Neo: q, k, v without bias 3E² and
 * the projection E² + E) and the MLP (2EI + I + E); plus the token and position embeddings and the
 * final layer norm.
 */
export function gptParameterCount(d: GptDimensions): number {
  const e = d.width;
  const inner = d.inner ?? 4 * e;
  const attention = d.family === 'gpt2' ? 4 * e * e + 4 * e : 4 * e * e + e;
  const layer = 4 * e + attention + 2 * e * inner + inner + e;
  return d.vocab * e + d.positions * e + d.layers * layer + 2 * e;
}

/** The dimensions in a Hugging Face `config.json` of either family; null when it is neither or lacks a value. */
export function dimensionsFromConfig(config: Readonly<Record<string, unknown>>): GptDimensions | null {
  const num = (key: string): number | null => {
    const value = config[key];
    return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
  };
  const gpt2 = config.model_type === 'gpt2';
  if (!gpt2 && config.model_type !== 'gpt_neo') return null;
  const layers = num(gpt2 ? 'n_layer' : 'num_layers');
  const width = num(gpt2 ? 'n_embd' : 'hidden_size');
  const positions = num(gpt2 ? 'n_positions' : 'max_position_embeddings');
  const vocab = num('vocab_size');
  if (layers === null || width === null || positions === null || vocab === null) return null;
  return { family: gpt2 ? 'gpt2' : 'gpt_neo', layers, width, positions, vocab, inner: num(gpt2 ? 'n_inner' : 'intermediate_size') };
}
