import { useShallow } from 'zustand/react/shallow';
import { useStore, type Store } from '../../state/store.ts';
import { blockedReason, catalogEntry, dtypeOptions, effectiveBackend } from './model-options.ts';

const selectChoice = (s: Store) => ({ modelId: s.modelId, dtype: s.dtype, device: s.device, probe: s.gpuProbe });

/** The model bar's selection and what follows from it: catalog entry, backend, dtypes, and whether it can load. */
export function useModelChoice() {
  const { modelId, dtype, device, probe } = useStore(useShallow(selectChoice));
  const entry = catalogEntry(modelId);
  const backend = effectiveBackend(device, probe);
  const options = dtypeOptions(entry, backend, probe);
  return { modelId, dtype, device, probe, entry, backend, options, blocked: blockedReason(options, dtype, backend) };
}
