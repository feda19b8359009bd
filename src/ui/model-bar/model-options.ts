/**
 * What the model bar offers for the current selection: the catalog entry, the backend `auto`
 * stands for, and each dtype with whether it can run there.
 */
import { defaultDtype, dtypeSupport, MODEL_DTYPES, type Backend, type ModelDtype, type Support } from '../../engine/backend-support.ts';
import { CATALOG, dtypeChoices, type CatalogEntry } from '../../engine/catalog.ts';
import type { FileLoad } from '../../state/slices/model-slice.ts';
import { autoDtypeAmong } from '../../engine/disk-folder-check.ts';
import { autoBackend, type GpuProbe } from '../../engine/gpu-probe.ts';
import type { DevicePreference } from '../../worker/protocol.ts';

export function catalogEntry(modelId: string): CatalogEntry | undefined {
  return CATALOG.find((entry) => entry.id === modelId);
}

/**
 * The backend a load will use: what `auto` resolves to is decided in one place,
 * engine/gpu-probe.ts's `autoBackend`, which the worker's `chooseDevice` calls too, on the probe
 * the model worker itself answered (the `probe` request). Until it answers, `auto` is taken as
 * WASM, which runs every dtype.
 */
export function effectiveBackend(device: DevicePreference, probe: GpuProbe | null): Backend {
  if (device !== 'auto') return device;
  return probe ? autoBackend(probe).backend : 'wasm';
}

export interface DtypeOption {
  readonly dtype: ModelDtype;
  /** Download size; null when unknown (ids typed by hand). */
  readonly bytes: number | null;
  /** Whether `bytes` is an estimate (Hub models: from the parameter count). */
  readonly estimated?: boolean;
  readonly support: Support;
}

/**
 * The dtypes of a folder opened from disk (only those it has), of a catalog model, or all of them
 * for an id typed by hand (its files are not known).
 */
export function dtypeOptions(
  entry: CatalogEntry | undefined,
  backend: Backend,
  probe: GpuProbe | null,
  folder: readonly { readonly dtype: ModelDtype; readonly bytes: number }[] | null = null,
): DtypeOption[] {
  const adapter = probe?.available ? { shaderF16: probe.shaderF16 } : null;
  if (folder) return folder.map((d) => ({ dtype: d.dtype, bytes: d.bytes, support: dtypeSupport(d.dtype, backend, adapter) }));
  if (entry) return dtypeChoices(entry, backend, adapter);
  return MODEL_DTYPES.map((dtype) => ({ dtype, bytes: null, support: dtypeSupport(dtype, backend, adapter) }));
}

/**
 * The dtype a load will use: the chosen one, or what `auto` stands for on this backend
 * (`autoDtype` where the model decides, as a folder from disk does; see {@link folderAutoDtype}).
 */
export function resolvedDtype(dtype: ModelDtype | 'auto', backend: Backend, autoDtype: ModelDtype = defaultDtype(backend)): ModelDtype {
  return dtype === 'auto' ? autoDtype : dtype;
}

/** What `auto` loads from a folder from disk, as the worker decides it (both call `autoDtypeAmong`). */
export function folderAutoDtype(folder: readonly { readonly dtype: ModelDtype }[], backend: Backend, probe: GpuProbe | null): ModelDtype {
  const adapter = probe?.available ? { shaderF16: probe.shaderF16 } : null;
  return autoDtypeAmong(folder.map((d) => d.dtype), backend, adapter) ?? defaultDtype(backend);
}

/** Why the current selection cannot be loaded, as a code the page words (`reason.<code>`), or null when it can. */
export function blockedReason(options: readonly DtypeOption[], dtype: ModelDtype | 'auto', backend: Backend, autoDtype?: ModelDtype): Extract<Support, { ok: false }>['code'] | null {
  const chosen = options.find((o) => o.dtype === resolvedDtype(dtype, backend, autoDtype));
  return chosen && !chosen.support.ok ? chosen.support.code : null;
}

/** Whole percent of a file, or null while its size is unknown. */
export function filePercent(file: FileLoad): number | null {
  if (file.done) return 100;
  if (!file.total) return null;
  return Math.min(100, Math.floor((file.loaded / file.total) * 100));
}
