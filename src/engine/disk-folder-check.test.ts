import { describe, expect, it } from 'vitest';
import { autoDtypeAmong, checkDiskFolder, diskModelId, isDiskModelId } from './disk-folder-check.ts';

const shared = [
  { path: 'config.json', size: 700 },
  { path: 'tokenizer.json', size: 2_100_000 },
  { path: 'tokenizer_config.json', size: 300 },
  { path: 'generation_config.json', size: 120 },
];
const weights = (stem: string, sizes: Readonly<Record<string, number>>) => Object.entries(sizes).map(([suffix, size]) => ({ path: `onnx/${stem}${suffix}.onnx`, size }));

describe('checkDiskFolder', () => {
  it('finds the dtypes of a complete folder, with their sizes, in the fixed order', () => {
    const check = checkDiskFolder([...shared, ...weights('model', { _q4: 5_374_497, '': 13_343_691, _quantized: 6_622_344 })]);
    expect(check).toEqual({
      ok: true,
      root: '',
      modelFileName: 'model',
      dtypes: [
        { dtype: 'fp32', bytes: 13_343_691 },
        { dtype: 'q8', bytes: 6_622_344 },
        { dtype: 'q4', bytes: 5_374_497 },
      ],
    });
  });

  // What `npm run models -- download Xenova/distilgpt2` writes: the older export's file names.
  it('accepts the older decoder_model_merged export and names it', () => {
    const check = checkDiskFolder([...shared, ...weights('decoder_model_merged', { _quantized: 80 })]);
    expect(check).toMatchObject({ ok: true, modelFileName: 'decoder_model_merged', dtypes: [{ dtype: 'q8', bytes: 80 }] });
  });

  it('lists every missing file, weights included, as a person would look for them', () => {
    expect(checkDiskFolder([{ path: 'config.json', size: 1 }, { path: 'onnx/other.onnx', size: 1 }])).toEqual({
      ok: false,
      missing: ['tokenizer.json', 'tokenizer_config.json', 'onnx/model*.onnx'],
    });
    expect(checkDiskFolder([...shared.slice(0, 2), ...weights('model', { _fp16: 10 })])).toEqual({ ok: false, missing: ['tokenizer_config.json'] });
  });

  // A teacher picks the stick's models/ folder instead of the model: the one model below is used.
  it('uses the only model folder below the picked one', () => {
    const below = [...shared, ...weights('model', { _q4: 5 })].map((f) => ({ ...f, path: `local/gpt2-tiny/${f.path}` }));
    expect(checkDiskFolder([{ path: 'README.md', size: 3 }, ...below])).toMatchObject({ ok: true, root: 'local/gpt2-tiny/', dtypes: [{ dtype: 'q4', bytes: 5 }] });
  });

  it('does not guess between two model folders below the picked one', () => {
    const two = ['a/', 'b/'].flatMap((dir) => [...shared, ...weights('model', { '': 1 })].map((f) => ({ ...f, path: dir + f.path })));
    expect(checkDiskFolder(two)).toEqual({ ok: false, missing: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model*.onnx'] });
  });

  it('treats the onnx/ folder itself, picked by mistake, as lacking everything but weights', () => {
    expect(checkDiskFolder([{ path: 'model.onnx', size: 1 }])).toEqual({ ok: false, missing: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model*.onnx'] });
  });
});

describe('autoDtypeAmong', () => {
  it('takes the backend default when the folder has it, else the first the backend runs', () => {
    expect(autoDtypeAmong(['fp32', 'q8', 'q4'], 'wasm', null)).toBe('q8');
    expect(autoDtypeAmong(['fp32', 'q4'], 'wasm', null)).toBe('fp32');
    expect(autoDtypeAmong(['q4'], 'webgpu', { shaderF16: false })).toBe('q4');
    // fp16 needs shader-f16 on WebGPU: a folder with only fp16 cannot run there.
    expect(autoDtypeAmong(['fp16'], 'webgpu', { shaderF16: false })).toBeNull();
    expect(autoDtypeAmong(['fp16'], 'webgpu', { shaderF16: true })).toBe('fp16');
  });
});

describe('diskModelId', () => {
  it('makes an id transformers.js accepts from any folder name', () => {
    expect(diskModelId('gpt2-tiny')).toBe('disk/gpt2-tiny');
    expect(diskModelId('Modèle de clase (copia)')).toBe('disk/Modele-de-clase-copia');
    expect(diskModelId('a--b..c')).toBe('disk/a-b-c');
    expect(diskModelId('***')).toBe('disk/model');
    expect(diskModelId('x'.repeat(200))).toBe(`disk/${'x'.repeat(96)}`);
    expect(isDiskModelId('disk/gpt2-tiny')).toBe(true);
    expect(isDiskModelId('local/gpt2-tiny')).toBe(false);
  });
});
