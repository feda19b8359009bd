/**
 * The worker and the engine name reasons and errors by code (with their English words for logs
 * and Node); the page words them in its own language here.
 */
import type { Support } from '../../engine/backend-support.ts';
import type { GpuProbe } from '../../worker/gpu-probe.ts';
import type { LoadedModel, WorkerErrorInfo } from '../../worker/protocol.ts';
import { BACKEND_NAMES } from '../model-bar/catalog-labels.ts';
import type { MessageKey } from './en.ts';

export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** Why there is no WebGPU adapter. */
export function gpuUnavailableText(t: Translate, probe: Extract<GpuProbe, { available: false }>): string {
  return t(`reason.${probe.code}`);
}

/** Why WebGPU was passed over for WASM; null when it was not. */
export function fallbackText(t: Translate, model: Pick<LoadedModel, 'fallbackReason' | 'adapter'>): string | null {
  if (model.fallbackReason === null) return null;
  const { adapter } = model;
  if (!adapter.available) return gpuUnavailableText(t, adapter);
  return t('reason.software_adapter', { adapter: `${adapter.vendor || '?'} / ${adapter.architecture || '?'}` });
}

/** Why a dtype cannot run on a backend. */
export function unsupportedText(t: Translate, support: Extract<Support, { ok: false }>): string {
  return t(`reason.${support.code}`);
}

const isBackend = (device: string | undefined): device is keyof typeof BACKEND_NAMES => device === 'webgpu' || device === 'wasm';

/** What went wrong and what to do, in the page's language. */
export function errorText(t: Translate, error: WorkerErrorInfo): string {
  const context = error.context ?? {};
  const values = {
    model: context.modelId ? t('error.modelName', { id: context.modelId }) : t('error.theModel'),
    dtype: context.dtype && context.dtype !== 'auto' ? context.dtype : t('error.thisDtype'),
    backend: isBackend(context.device) ? BACKEND_NAMES[context.device] : t('error.thisBackend'),
    message: error.message,
  };
  return t(`error.${error.code}`, values);
}
