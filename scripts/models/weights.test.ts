import { describe, expect, it } from 'vitest';
import { normalArray } from './random.ts';
import { generateWeights, makeShape, shapeForSize, tinyShape } from './weights.ts';

describe('weights', () => {
  it('has the shapes of GPT-2 small for gpt2-124m', () => {
    const s = shapeForSize('gpt2', 'gpt2-124m');
    expect([s.nLayer, s.nHead, s.nEmbd, s.nPositions, s.vocabSize]).toEqual([12, 12, 768, 1024, 50257]);
  });

  it('alternates global and local attention for GPT-Neo only', () => {
    expect(makeShape({ family: 'gpt_neo', nLayer: 4, nHead: 2, nEmbd: 8, nPositions: 16 }).attentionLayers).toEqual(['global', 'local', 'global', 'local']);
    expect(tinyShape('gpt2').attentionLayers).toEqual(['global', 'global']);
  });

  it('gives GPT-Neo no q/k/v bias and GPT-2 one', () => {
    const neo = generateWeights(tinyShape('gpt_neo'), 1);
    const gpt2 = generateWeights(tinyShape('gpt2'), 1);
    expect(neo.layers[0]?.q.bias).toBeNull();
    expect(gpt2.layers[0]?.q.bias?.length).toBe(64);
  });

  // A tensor's values depend on the seed and its name only, never on generation order.
  it('draws each tensor from its own seeded stream', () => {
    expect(normalArray(5, 1, 3, 'a')).toEqual(normalArray(5, 1, 3, 'a'));
    expect(normalArray(5, 1, 3, 'a')).not.toEqual(normalArray(5, 1, 4, 'a'));
    expect(normalArray(5, 1, 3, 'a')).not.toEqual(normalArray(5, 1, 3, 'b'));
    expect(normalArray(3, 1, 3, 'a')).toEqual(normalArray(5, 1, 3, 'a').subarray(0, 3));
  });

  it('draws normal values with the asked standard deviation', () => {
    const values = normalArray(100_000, 0.5, 9, 'stats', 1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(mean).toBeCloseTo(1, 2);
    expect(Math.sqrt(variance)).toBeCloseTo(0.5, 2);
  });
});
