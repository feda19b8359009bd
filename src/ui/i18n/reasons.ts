/**
 * The worker and the engine name reasons and errors by code with parameters (protocol.ts's
 * `WorkerErrorInfo`, engine/gpu-probe.ts's `FallbackReason`); the page words them in its own
 * language here, from the catalogs. No other place writes these sentences.
 */
import type { Support } from '../../engine/backend-support.ts';
import type { FallbackReason, GpuProbe } from '../../engine/gpu-probe.ts';
import type { LoadedModel, WorkerErrorInfo } from '../../worker/protocol.ts';
import { BACKEND_NAMES } from '../model-bar/catalog-labels.ts';
import { en, type MessageKey } from './en.ts';

export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** Why there is no WebGPU adapter. */
export function gpuUnavailableText(t: Translate, probe: Extract<GpuProbe, { available: false }>): string {
  return t(`reason.${probe.code}`);
}

/** Why `auto` runs on WASM, as the worker decided it. */
export function fallbackReasonText(t: Translate, reason: FallbackReason): string {
  switch (reason.code) {
    case 'software_adapter':
      return t('reason.software_adapter', { adapter: reason.adapter });
    case 'webgpu_failed':
      return t('reason.webgpu_failed', { error: reason.detail ?? reason.error });
    default:
      return t(`reason.${reason.code}`);
  }
}

/** Why WebGPU was passed over for WASM; null when it was not. */
export function fallbackText(t: Translate, model: Pick<LoadedModel, 'fallbackReason'>): string | null {
  return model.fallbackReason === null ? null : fallbackReasonText(t, model.fallbackReason);
}

/** Why a dtype cannot run on a backend. */
export function unsupportedText(t: Translate, support: Extract<Support, { ok: false }>): string {
  return t(`reason.${support.code}`);
}

const isBackend = (device: string | undefined): device is keyof typeof BACKEND_NAMES => device === 'webgpu' || device === 'wasm';
const isKey = (key: string): key is MessageKey => key in en;

/** What went wrong and what to do, in the page's language: the reason's own sentence when it has one, else the code's. */
export function errorText(t: Translate, error: WorkerErrorInfo): string {
  const { params } = error;
  const values = {
    model: params.modelId ? t('error.modelName', { id: params.modelId }) : t('error.theModel'),
    dtype: params.dtype && params.dtype !== 'auto' ? params.dtype : t('error.thisDtype'),
    backend: isBackend(params.device) ? BACKEND_NAMES[params.device] : t('error.thisBackend'),
    value: params.value ?? '',
    max: params.max ?? '',
    missing: (params.missing ?? []).join(', '),
    available: (params.available ?? []).join(', '),
  };
  const specific = params.reason ? `error.${error.code}.${params.reason}` : params.missing ? `error.${error.code}.missing` : null;
  return t(specific && isKey(specific) ? specific : `error.${error.code}`, values);
}

