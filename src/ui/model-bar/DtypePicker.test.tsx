// Why: a person who picks q4 on WebAssembly must read, next to the picker, why it is slow there,
// in the page's language, and `auto` must never carry that note.
import { describe, expect, it } from 'vitest';
import type { Backend, ModelDtype } from '../../engine/backend-support.ts';
import { CATALOGS, format } from '../i18n/use-t.ts';
import { dtypeHintLines } from './DtypePicker.tsx';
import { dtypeOptions } from './model-options.ts';

const SLOW_Q4 = 'modelBar.dtype.slow.q4_on_wasm';
/** The hint's sentences for a choice of the tiny test model, as DtypeHint shows them. */
const hintFor = (dtype: ModelDtype | 'auto', backend: Backend, language: keyof typeof CATALOGS = 'en'): string[] =>
  dtypeHintLines({ dtype, backend, options: dtypeOptions(undefined, backend, null) }, (key, values) => format(CATALOGS[language][key], values));

describe('dtypeHintLines: why q4 is slow on WASM', () => {
  it('says it in English and in Spanish when q4 is chosen on WASM', () => {
    expect(hintFor('q4', 'wasm')).toContain(
      '4-bit weights are about 14× slower on WebAssembly here: ONNX Runtime Web unpacks them on every token; q8 is as fast as fp32 and a third of the download.',
    );
    expect(hintFor('q4', 'wasm', 'es')).toContain(CATALOGS.es[SLOW_Q4]);
    expect(CATALOGS.es[SLOW_Q4]).toMatch(/14 veces más lentos en WebAssembly/);
  });

  it('says nothing about speed for auto (q8 on WASM), for fp32 or q8, or for q4 on WebGPU', () => {
    for (const [dtype, backend] of [['auto', 'wasm'], ['q8', 'wasm'], ['fp32', 'wasm'], ['q4', 'webgpu']] as const) {
      expect(hintFor(dtype, backend), `${dtype} on ${backend}`).not.toContain(CATALOGS.en[SLOW_Q4]);
    }
  });
});
