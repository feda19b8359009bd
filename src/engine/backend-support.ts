/**
 * Which backend can run which weight format. Measured on our generated models in Node (ONNX
 * Runtime CPU), in Chromium on WASM, and on WebGPU (a SwiftShader adapter without `shader-f16`);
 * see docs/models.md.
 */

export const BACKENDS = ['webgpu', 'wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

export const MODEL_DTYPES = ['fp32', 'fp16', 'q8', 'q4'] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];

/** What the running browser's WebGPU adapter offers; only `shader-f16` matters for dtypes today. */
export interface AdapterFeatures {
  readonly shaderF16: boolean;
}

/** `code` names the reason for the page to translate; `reason` is the English. */
export type Support = { readonly ok: true } | { readonly ok: false; readonly code: 'no_shader_f16'; readonly reason: string };

/**
 * Whether `dtype` can run on `backend`. fp16 on WebGPU needs the adapter's `shader-f16` feature;
 * everything else runs everywhere we have measured.
 */
export function dtypeSupport(dtype: ModelDtype, backend: Backend, adapter: AdapterFeatures | null): Support {
  if (backend === 'webgpu' && dtype === 'fp16' && !adapter?.shaderF16) {
    return {
      ok: false,
      code: 'no_shader_f16',
      reason: 'fp16 needs a WebGPU adapter with shader-f16, and this one has none. Pick fp32, q8 or q4, or run on WASM.',
    };
  }
  return { ok: true };
}

/**
 * What `auto` means: q8 on WASM (small, fast on CPU), fp32 on WebGPU (fp16 needs `shader-f16`,
 * which many adapters lack). The worker loads this; the model bar shows it.
 */
export function defaultDtype(backend: Backend): ModelDtype {
  return backend === 'wasm' ? 'q8' : 'fp32';
}

/**
 * A dtype that runs on a backend, but much slower there than the others: a code the page words
 * (`modelBar.dtype.slow.<code>`) next to the picker when a person chooses it.
 */
export type SpeedNote = 'q4_on_wasm';

/**
 * Why `dtype` is slow on `backend`, or null when it is not. 4-bit weights (`MatMulNBits`) are
 * about 14× slower than fp32 and q8 on WASM (GPT-2 small: 1.9 against 27 tok/s, docs/speed.md):
 * ONNX Runtime Web has no blocked 4-bit kernel there and unpacks the weights on every token.
 * {@link defaultDtype} never returns a dtype with a note, so `auto` is never the slow one.
 */
export function dtypeSpeedNote(dtype: ModelDtype, backend: Backend): SpeedNote | null {
  return dtype === 'q4' && backend === 'wasm' ? 'q4_on_wasm' : null;
}
