/** The step-by-step mode's first request: the prompt in the loaded model's tokens, each decoded alone. */
import type { Runner } from './mode-context.ts';
import { textCodec } from './text-codec.ts';

export const runTokenize: Runner<'tokenize'> = async (ctx, request) => {
  const codec = textCodec(ctx.requireSession().tokenizer);
  const ids = codec.encode(request.text);
  return { ids, texts: ids.map((id) => codec.decode([id])) };
};
