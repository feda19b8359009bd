/**
 * What the browser says of the device's memory, and whether a catalog model may not fit in it
 * (engine/memory-fit.ts); on WebGPU, also whether its largest tensor fits the adapter's buffers.
 * Asked before a load: by the model bar's warning next to Load, and before a shared link's model
 * loads by itself.
 */
import { defaultDtype, type Backend, type ModelDtype } from '../engine/backend-support.ts';
import { CATALOG } from '../engine/catalog.ts';
import { autoBackend, type GpuProbe } from '../engine/gpu-probe.ts';
import { bufferFit, largestTensorBytes, memoryFit, type BufferFit, type MemoryFit } from '../engine/memory-fit.ts';
import type { DevicePreference } from '../worker/protocol.ts';

/** `navigator.deviceMemory` in GB (Chromium only; undefined elsewhere and in Node). */
export function deviceMemoryGb(): number | undefined {
  if (typeof navigator === 'undefined') return undefined;
  const value = (navigator as Navigator & { deviceMemory?: unknown }).deviceMemory;
  return typeof value === 'number' ? value : undefined;
}

/** The catalog's file size of `modelId` in `dtype`; null when the catalog does not know it. */
export function catalogBytes(modelId: string, dtype: ModelDtype): number | null {
  return CATALOG.find((e) => e.id === modelId)?.dtypes.find((d) => d.dtype === dtype)?.bytes ?? null;
}

/** Whether `modelId` in `dtype` may not fit this device. */
export function fitOnThisDevice(modelId: string, dtype: ModelDtype, memoryGb = deviceMemoryGb()): MemoryFit {
  return memoryFit(catalogBytes(modelId, dtype), memoryGb);
}

/**
 * Whether `modelId` in `dtype` has a tensor too large for the WebGPU adapter's buffers. Only a
 * load on WebGPU is concerned, and only once the probe has reported the adapter's limits.
 */
export function bufferFitOnThisAdapter(modelId: string, dtype: ModelDtype, backend: Backend, probe: GpuProbe | null): BufferFit {
  const limits = backend === 'webgpu' && probe?.available ? (probe.bufferLimits ?? null) : null;
  return bufferFit(largestTensorBytes(modelId, dtype), limits);
}

/**
 * Whether a load of this choice may not fit, before the person sees it (a shared link's model):
 * an `auto` dtype counts as every default it could become (fp32 on WebGPU, q8 on WASM), and on
 * WebGPU (chosen, or what `auto` resolves to once the probe has answered) a tensor larger than the
 * adapter's buffers counts too.
 */
export function mayNotFit(
  choice: { readonly modelId: string; readonly dtype: ModelDtype | 'auto'; readonly device: DevicePreference; readonly gpuProbe?: GpuProbe | null },
  memoryGb = deviceMemoryGb(),
): boolean {
  const backends = choice.device === 'auto' ? (['webgpu', 'wasm'] as const) : [choice.device];
  const dtypes = choice.dtype === 'auto' ? backends.map(defaultDtype) : [choice.dtype];
  if (dtypes.some((dtype) => !fitOnThisDevice(choice.modelId, dtype, memoryGb).fits)) return true;
  const probe = choice.gpuProbe ?? null;
  const backend = choice.device === 'auto' ? (probe ? autoBackend(probe).backend : null) : choice.device;
  if (backend !== 'webgpu') return false;
  const dtype = choice.dtype === 'auto' ? defaultDtype(backend) : choice.dtype;
  return !bufferFitOnThisAdapter(choice.modelId, dtype, backend, probe).fits;
}
