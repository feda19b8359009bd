import { useState } from 'react';
import { bufferFitOnThisAdapter, fitOnThisDevice } from '../../state/device-memory.ts';
import { resolvedDtype } from '../model-bar/model-options.ts';
import { useModelChoice } from '../model-bar/use-model-choice.ts';

/**
 * Whether the model bar's choice may not fit this device (state/device-memory.ts): its memory, and
 * on WebGPU the adapter's largest buffer. And the person's "Load anyway" for exactly that model,
 * dtype and backend: another choice asks again.
 */
export function useSizeCheck() {
  const { modelId, dtype, backend, autoDtype, folder, probe } = useModelChoice();
  const chosen = resolvedDtype(dtype, backend, autoDtype);
  // A folder from disk is already on the device; its size says nothing about a download.
  const fit = folder ? ({ fits: true } as const) : fitOnThisDevice(modelId, chosen);
  // The catalog's shapes: a folder from disk is not in it, so it gets no buffer warning either.
  const buffer = folder ? ({ fits: true } as const) : bufferFitOnThisAdapter(modelId, chosen, backend, probe);
  const key = `${modelId}|${chosen}|${backend}`;
  const [acceptedKey, setAcceptedKey] = useState<string | null>(null);
  const accepted = acceptedKey === key;
  return {
    fit,
    buffer,
    dtype: chosen,
    accepted,
    setAccepted: (value: boolean) => setAcceptedKey(value ? key : null),
    /** Load waits for "Load anyway" while the choice may not fit. */
    blocksLoad: (!fit.fits || !buffer.fits) && !accepted,
  };
}

export type SizeCheck = ReturnType<typeof useSizeCheck>;
