/**
 * Generated weights (scripts/models) as a Hugging Face checkpoint: `config.json`, `model.safetensors`
 * with transformers' names and layouts (GPT-2 Conv1D `[in, out]` with a fused `c_attn`; GPT-Neo
 * Linear `[out, in]`), and GPT-2's tokenizer files. For measuring the converter at real sizes
 * without the Hub, and for checking that converting them gives the generator's own graphs.
 *
 *   npx tsx scripts/convert/generated-checkpoint.ts --family gpt2 --size gpt2-124m --out /tmp/gpt2-124m
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { encodeSafetensors, type TensorToWrite } from '../../src/convert/safetensors.ts';
import { FAMILIES, type Family, type Linear, type Matrix, type ModelWeights } from '../../src/onnx/spec.ts';
import { generationConfig, modelConfig } from '../models/config-files.ts';
import { buildTokenizerFiles } from '../models/tokenizer.ts';
import { generateWeights, shapeForSize, SIZES, type Size } from '../models/weights.ts';

function transposed(m: Matrix): Float32Array {
  const out = new Float32Array(m.data.length);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out[c * m.rows + r] = m.data[r * m.cols + c] as number;
  return out;
}

/** transformers' state dict of `w` (prefix `transformer.`, no lm_head: it is tied). */
export function hfStateDict(w: ModelWeights): TensorToWrite[] {
  const e = w.shape.nEmbd;
  const out: TensorToWrite[] = [];
  const add = (name: string, shape: number[], data: Float32Array) => out.push({ name: `transformer.${name}`, shape, data });
  const conv1d = (name: string, l: Linear) => {
    add(`${name}.weight`, [l.weight.rows, l.weight.cols], l.weight.data);
    if (l.bias) add(`${name}.bias`, [l.bias.length], l.bias);
  };
  const linear = (name: string, l: Linear) => {
    add(`${name}.weight`, [l.weight.cols, l.weight.rows], transposed(l.weight));
    if (l.bias) add(`${name}.bias`, [l.bias.length], l.bias);
  };
  add('wte.weight', [w.wte.rows, w.wte.cols], w.wte.data);
  add('wpe.weight', [w.wpe.rows, w.wpe.cols], w.wpe.data);
  w.layers.forEach((layer, i) => {
    const p = `h.${i}`;
    add(`${p}.ln_1.weight`, [e], layer.ln1.gamma);
    add(`${p}.ln_1.bias`, [e], layer.ln1.beta);
    if (w.shape.family === 'gpt2') {
      const fused = new Float32Array(e * 3 * e);
      const bias = new Float32Array(3 * e);
      [layer.q, layer.k, layer.v].forEach((l, j) => {
        for (let r = 0; r < e; r++) fused.set(l.weight.data.subarray(r * e, (r + 1) * e), r * 3 * e + j * e);
        bias.set(l.bias ?? new Float32Array(e), j * e);
      });
      add(`${p}.attn.c_attn.weight`, [e, 3 * e], fused);
      add(`${p}.attn.c_attn.bias`, [3 * e], bias);
      conv1d(`${p}.attn.c_proj`, layer.out);
      conv1d(`${p}.mlp.c_fc`, layer.fc);
      conv1d(`${p}.mlp.c_proj`, layer.proj);
    } else {
      linear(`${p}.attn.attention.q_proj`, layer.q);
      linear(`${p}.attn.attention.k_proj`, layer.k);
      linear(`${p}.attn.attention.v_proj`, layer.v);
      linear(`${p}.attn.attention.out_proj`, layer.out);
      linear(`${p}.mlp.c_fc`, layer.fc);
      linear(`${p}.mlp.c_proj`, layer.proj);
    }
    add(`${p}.ln_2.weight`, [e], layer.ln2.gamma);
    add(`${p}.ln_2.bias`, [e], layer.ln2.beta);
  });
  add('ln_f.weight', [e], w.lnF.gamma);
  add('ln_f.bias', [e], w.lnF.beta);
  return out;
}

/** Writes the checkpoint folder of generated weights; returns the folder. */
export function writeGeneratedCheckpoint(family: Family, size: Size, seed: number, dir: string): string {
  const shape = shapeForSize(family, size);
  const weights = generateWeights(shape, seed);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(modelConfig(shape, seed), null, 2) + '\n');
  writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify(generationConfig(), null, 2) + '\n');
  for (const [file, text] of Object.entries(buildTokenizerFiles({ modelMaxLength: shape.nPositions }))) {
    if (file !== 'tokenizer.json') writeFileSync(path.join(dir, file), text); // vocab.json + merges.txt, as GPT-2's repo
  }
  const fd = openSync(path.join(dir, 'model.safetensors'), 'w');
  try {
    for (const part of encodeSafetensors(hfStateDict(weights))) writeSync(fd, part);
  } finally {
    closeSync(fd);
  }
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { family: { type: 'string', default: 'gpt2' }, size: { type: 'string', default: 'gpt2-124m' }, seed: { type: 'string', default: '42' }, out: { type: 'string' } },
  });
  const family = FAMILIES.find((f) => f === values.family);
  const size = SIZES.find((s) => s === values.size);
  if (!family || !size || !values.out) {
    console.error(`Usage: npx tsx scripts/convert/generated-checkpoint.ts --family ${FAMILIES.join('|')} --size ${SIZES.join('|')} --out DIR [--seed N]`);
    process.exitCode = 2;
  } else {
    console.log(`written to ${writeGeneratedCheckpoint(family, size, Number(values.seed), values.out)}`);
  }
}
