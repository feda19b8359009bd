/**
 * What the WebGPU adapter of a context is, or why there is none, and what `auto` makes of it.
 * The model worker probes (its context is where the model runs) and answers the page's `probe`
 * request with both, so the page shows what the worker decided instead of deciding again.
 * Codes only: the page words them (src/ui/i18n/reasons.ts).
 */
import type { Backend } from './backend-support.ts';
import type { GpuBufferLimits } from './memory-fit.ts';

/** Why there is no adapter. */
export type GpuUnavailableCode = 'no_webgpu' | 'no_adapter' | 'adapter_failed' | 'probe_failed';

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
      /**
       * The adapter's `maxBufferSize` and `maxStorageBufferBindingSize`: a weight larger than
       * either cannot run on WebGPU (memory-fit.ts warns before the download). Absent where the
       * adapter did not report them (older browsers, fakes in tests).
       */
      readonly bufferLimits?: GpuBufferLimits;
    }
  | {
      readonly available: false;
      readonly code: GpuUnavailableCode;
      /** What the browser said (a failed request's error), for bug reports; null when it said nothing. */
      readonly detail: string | null;
    };

/** Why a load runs on WASM although WebGPU was not ruled out by the person (`auto`). */
export type FallbackReason =
  /** No usable WebGPU adapter in the worker. */
  | { readonly code: GpuUnavailableCode }
  /** The only adapter is a software one (SwiftShader): slower than WASM. */
  | { readonly code: 'software_adapter'; readonly adapter: string }
  /** WebGPU was tried and could not run the model; `error` is the failure's code. */
  | { readonly code: 'webgpu_failed'; readonly error: string; readonly detail: string | null };

/** The backend `auto` stands for, and why it is not WebGPU when it is not. */
export interface BackendChoice {
  readonly backend: Backend;
  readonly fallback: FallbackReason | null;
}

/**
 * What `auto` resolves to: WebGPU only on a real GPU, since a fallback (software) adapter is many
 * times slower than WASM. The one place this is decided.
 */
export function autoBackend(probe: GpuProbe): BackendChoice {
  if (!probe.available) return { backend: 'wasm', fallback: { code: probe.code } };
  if (probe.isFallbackAdapter) return { backend: 'wasm', fallback: { code: 'software_adapter', adapter: `${probe.vendor || '?'} / ${probe.architecture || '?'}` } };
  return { backend: 'webgpu', fallback: null };
}

/** The part of `navigator` the probe reads (the worker's own, or a fake in tests). */
export type NavigatorWithGpu = Pick<Navigator, 'gpu'> | undefined;

/** The adapter's buffer limits, when it reports both as numbers. */
function bufferLimitsOf(adapter: GPUAdapter): { bufferLimits?: GpuBufferLimits } {
  const limits = adapter.limits as Partial<Pick<GPUSupportedLimits, 'maxBufferSize' | 'maxStorageBufferBindingSize'>> | undefined;
  const maxBufferSize = limits?.maxBufferSize;
  const maxStorageBufferBindingSize = limits?.maxStorageBufferBindingSize;
  if (typeof maxBufferSize !== 'number' || typeof maxStorageBufferBindingSize !== 'number') return {};
  return { bufferLimits: { maxBufferSize, maxStorageBufferBindingSize } };
}

/** Asks `nav` for a WebGPU adapter and describes it. Never throws. */
export async function probeWebGpu(nav: NavigatorWithGpu): Promise<GpuProbe> {
  const gpu = nav?.gpu;
  if (!gpu) return { available: false, code: 'no_webgpu', detail: null };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, code: 'no_adapter', detail: null };
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
      ...bufferLimitsOf(adapter),
    };
  } catch (error) {
    return { available: false, code: 'adapter_failed', detail: String(error) };
  }
}
