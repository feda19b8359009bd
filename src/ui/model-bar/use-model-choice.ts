import { useShallow } from 'zustand/react/shallow';
import { useStore, type Store } from '../../state/store.ts';
import { blockedReason, catalogEntry, dtypeOptions, effectiveBackend, folderAutoDtype, resolvedDtype } from './model-options.ts';

const selectChoice = (s: Store) => ({ modelId: s.modelId, dtype: s.dtype, device: s.device, probe: s.gpuProbe, diskFolder: s.diskFolder });

/**
 * The model bar's selection and what follows from it: catalog entry or folder from disk, backend,
 * dtypes, what `auto` stands for, and whether it can load.
 */
export function useModelChoice() {
  const { modelId, dtype, device, probe, diskFolder } = useStore(useShallow(selectChoice));
  const entry = catalogEntry(modelId);
  const folder = diskFolder?.modelId === modelId ? diskFolder : null;
  const backend = effectiveBackend(device, probe);
  const options = dtypeOptions(entry, backend, probe, folder?.dtypes ?? null);
  const autoDtype = folder ? folderAutoDtype(folder.dtypes, backend, probe) : resolvedDtype('auto', backend);
  return { modelId, dtype, device, probe, entry, folder, backend, options, autoDtype, blocked: blockedReason(options, dtype, backend, autoDtype) };
}
