/**
 * What the browser says of the device's memory, and whether a catalog model may not fit in it
 * (engine/memory-fit.ts). Asked before a load: by the model bar's warning next to Load, and before
 * a shared link's model loads by itself.
 */
import { defaultDtype, type ModelDtype } from '../engine/backend-support.ts';
import { CATALOG } from '../engine/catalog.ts';
import { memoryFit, type MemoryFit } from '../engine/memory-fit.ts';
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
 * Whether a load of this choice may not fit, before the GPU probe has said what `auto` means:
 * an `auto` dtype counts as every default it could become (fp32 on WebGPU, q8 on WASM).
 */
export function mayNotFit(choice: { readonly modelId: string; readonly dtype: ModelDtype | 'auto'; readonly device: DevicePreference }, memoryGb = deviceMemoryGb()): boolean {
  const backends = choice.device === 'auto' ? (['webgpu', 'wasm'] as const) : [choice.device];
  const dtypes = choice.dtype === 'auto' ? backends.map(defaultDtype) : [choice.dtype];
  return dtypes.some((dtype) => !fitOnThisDevice(choice.modelId, dtype, memoryGb).fits);
}
