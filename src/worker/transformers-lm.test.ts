// The loop reads each row's last position, whether the model computed only that one (our models,
// which take `num_logits_to_keep`) or every position (Hub exports without the input).
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { tokenId } from '../engine/types.ts';
import { TransformersLm } from './transformers-lm.ts';

const VOCAB = 5;

/** A model whose logit at position p, row r, id v is `100 r + 10 p + v`; it returns the last `keep` positions, or all. */
function fakeModel(takesKeep: boolean, seen: bigint[]): PreTrainedModel {
  const forward = (inputs: Record<string, Tensor>) => {
    const [batch = 0, width = 0] = inputs.input_ids?.dims ?? [];
    const keepTensor = inputs.num_logits_to_keep;
    if (keepTensor) seen.push((keepTensor.data as BigInt64Array)[0] ?? -1n);
    const keep = takesKeep && keepTensor ? Number((keepTensor.data as BigInt64Array)[0]) : 0;
    const kept = keep === 0 ? width : Math.min(keep, width);
    const data = new Float32Array(batch * kept * VOCAB);
    for (let r = 0; r < batch; r++) {
      for (let k = 0; k < kept; k++) {
        const position = width - kept + k;
        for (let v = 0; v < VOCAB; v++) data[(r * kept + k) * VOCAB + v] = 100 * r + 10 * position + v;
      }
    }
    return Promise.resolve({ logits: new Tensor('float32', data, [batch, kept, VOCAB]) });
  };
  return forward as unknown as PreTrainedModel;
}

describe('TransformersLm logits', () => {
  const shape = { vocabSize: VOCAB, contextLength: 64, eosTokenId: tokenId(0) };
  const prompt = [1, 2, 3, 4].map(tokenId);

  it.each([
    ['a model that takes num_logits_to_keep (only the last position comes back)', true],
    ['a model without it (every position comes back)', false],
  ])('reads each row’s last position from %s', async (_, takesKeep) => {
    const seen: bigint[] = [];
    const lm = new TransformersLm(fakeModel(takesKeep, seen), shape);
    const rows = await lm.prefill(prompt, 2);
    expect(rows.map((row) => Array.from(row))).toEqual([
      [30, 31, 32, 33, 34],
      [130, 131, 132, 133, 134],
    ]);
    expect(seen).toEqual([1n]); // it asks for the last position only
  });
});
