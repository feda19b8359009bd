/**
 * Text to token ids and back, the one way every request of the worker does it: no special tokens
 * added to a text, and ids decoded exactly as the model wrote them — special tokens kept
 * (`<|endoftext|>` shows), no clean-up of spaces — so the text of each token adds up to the text
 * of them all.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { TokenDecoder } from '../engine/batched-lm.ts';
import { tokenId, type TokenId } from '../engine/types.ts';

export interface TextCodec extends TokenDecoder {
  encode(text: string): TokenId[];
  decode(ids: readonly number[]): string;
}

export function textCodec(tokenizer: PreTrainedTokenizer): TextCodec {
  return {
    encode: (text) => tokenizer.encode(text, { add_special_tokens: false }).map((id) => tokenId(id)),
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
  };
}
