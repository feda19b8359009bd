import { useState } from 'react';
import { fitOnThisDevice } from '../../state/device-memory.ts';
import { resolvedDtype } from '../model-bar/model-options.ts';
import { useModelChoice } from '../model-bar/use-model-choice.ts';

/**
 * Whether the model bar's choice may not fit this device (state/device-memory.ts), and the
 * person's "Load anyway" for exactly that model and dtype: another choice asks again.
 */
export function useSizeCheck() {
  const { modelId, dtype, backend, autoDtype, folder } = useModelChoice();
  const chosen = resolvedDtype(dtype, backend, autoDtype);
  // A folder from disk is already on the device; its size says nothing about a download.
  const fit = folder ? ({ fits: true } as const) : fitOnThisDevice(modelId, chosen);
  const key = `${modelId}|${chosen}`;
  const [acceptedKey, setAcceptedKey] = useState<string | null>(null);
  const accepted = acceptedKey === key;
  return {
    fit,
    dtype: chosen,
    accepted,
    setAccepted: (value: boolean) => setAcceptedKey(value ? key : null),
    /** Load waits for "Load anyway" while the choice may not fit. */
    blocksLoad: !fit.fits && !accepted,
  };
}

export type SizeCheck = ReturnType<typeof useSizeCheck>;
