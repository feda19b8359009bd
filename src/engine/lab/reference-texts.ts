/**
 * The quantization lab's reference texts: one paragraph in each language of the page, written for
 * this project (no licence to track), about what the lab measures. Perplexity and the comparisons
 * against fp32 are computed over one of them, or over a text the person pastes.
 */

export const REFERENCE_TEXT_LANGUAGES = ['es', 'en'] as const;
export type ReferenceTextLanguage = (typeof REFERENCE_TEXT_LANGUAGES)[number];

/** About 100–120 GPT-2 tokens each (English 106, Spanish 118: GPT-2’s tokenizer splits Spanish words more). */
export const REFERENCE_TEXTS: Readonly<Record<ReferenceTextLanguage, string>> = {
  en:
    'A language model reads a text as a row of tokens and, at every position, gives each token of its ' +
    'vocabulary a probability of coming next. Those probabilities come from millions of weights, numbers ' +
    'usually stored as 32-bit floats. Quantization stores them with fewer bits: 16-bit floats, 8-bit ' +
    'integers, or 4-bit codes that share one scale per block. The file shrinks and the model may run ' +
    'faster, but every weight is rounded, so the probabilities move a little. This lab measures how much.',
  es:
    'Un modelo de lenguaje lee el texto token a token y, en cada posición, reparte la ' +
    'probabilidad del token siguiente. Esas probabilidades salen de millones de pesos, guardados en ' +
    'coma flotante de 32 bits. Cuantizar es guardarlos con menos bits: 16, 8 o incluso 4. El archivo ' +
    'ocupa menos, pero cada peso se redondea y las probabilidades cambian un poco.',
};

/**
 * The prompt of the decode-speed run: the same for every dtype (and short, so that greedy
 * decoding of the lab's length stays well inside even a tiny model's context).
 */
export const LAB_DECODE_PROMPT = 'Quantization makes a model smaller because';

/** Tokens of the greedy decode-speed run. */
export const LAB_DECODE_TOKENS = 32;

/**
 * Tokens of the reference text the lab evaluates at most. The fp32 rows are kept in memory to
 * compare every other dtype against them: 256 × 50,257 float32 logits is 51 MB.
 */
export const LAB_MAX_TEXT_TOKENS = 256;
