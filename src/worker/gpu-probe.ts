/**
 * What the WebGPU adapter of this context is, or why there is none.
 * Runs in any context with `navigator` (page or worker); the worker is where the model runs,
 * so that is where the answer matters.
 */
export type GpuProbe =
  | {
      readonly available: true;
      readonly vendor: string;
      readonly architecture: string;
      readonly device: string;
      readonly description: string;
      readonly isFallbackAdapter: boolean;
      /** `shader-f16`: without it, fp16 models cannot run on WebGPU. */
      readonly shaderF16: boolean;
    }
  | { readonly available: false; readonly code: GpuUnavailableCode; readonly reason: string };

/** Why there is no adapter, for the page to say in its own language (`reason` is the English). */
export type GpuUnavailableCode = 'no_webgpu' | 'no_adapter' | 'adapter_failed' | 'probe_failed';

/** Asks the browser for a WebGPU adapter and describes it. Never throws. */
export async function probeWebGpu(nav: Pick<Navigator, 'gpu'> | undefined = globalThis.navigator): Promise<GpuProbe> {
  const gpu = nav?.gpu;
  if (!gpu) {
    return { available: false, code: 'no_webgpu', reason: 'This browser has no WebGPU (navigator.gpu is missing).' };
  }
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      return { available: false, code: 'no_adapter', reason: 'The browser has WebGPU but offered no adapter (GPU blocked or disabled).' };
    }
    const info = adapter.info;
    // `isFallbackAdapter` moved from the adapter to its info in newer browsers.
    const fallback =
      (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ??
      (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ??
      false;
    return {
      available: true,
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallbackAdapter: fallback,
      shaderF16: adapter.features.has('shader-f16'),
    };
  } catch (error) {
    return { available: false, code: 'adapter_failed', reason: `Requesting a WebGPU adapter failed: ${String(error)}` };
  }
}
