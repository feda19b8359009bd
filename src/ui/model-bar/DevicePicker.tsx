import { useId } from 'react';
import { selectDevice } from '../../state/actions.ts';
import { BACKENDS } from '../../engine/backend-support.ts';
import { useStore, type Store } from '../../state/store.ts';
import type { DevicePreference } from '../../worker/protocol.ts';
import { useT } from '../i18n/use-t.ts';
import { BACKEND_NAMES } from './catalog-labels.ts';
import { effectiveBackend } from './model-options.ts';

const selectDevicePreference = (s: Store) => s.device;
const selectProbe = (s: Store) => s.gpuProbe;

const DEVICES: readonly DevicePreference[] = ['auto', ...BACKENDS];
const isDevice = (value: string): value is DevicePreference => (DEVICES as readonly string[]).includes(value);

/** Auto, WebGPU or WASM; `auto` says which one it means here, and WebGPU is disabled where a worker gets no adapter. */
export function DevicePicker() {
  const t = useT();
  const device = useStore(selectDevicePreference);
  const probe = useStore(selectProbe);
  const id = useId();
  const noWebGpu = probe?.available === false;

  return (
    <div className="field field-device">
      <label htmlFor={id}>{t('modelBar.backend')}</label>
      <select id={id} value={device} onChange={(event) => selectDevice(isDevice(event.target.value) ? event.target.value : 'auto')}>
        <option value="auto">{probe ? t('modelBar.backend.auto', { backend: BACKEND_NAMES[effectiveBackend('auto', probe)] }) : t('modelBar.backend.autoUnknown')}</option>
        <option value="webgpu" disabled={noWebGpu}>
          {noWebGpu
            ? t('modelBar.backend.webgpuUnavailable')
            : probe?.available && probe.isFallbackAdapter
              ? t('modelBar.backend.webgpuSoftware')
              : BACKEND_NAMES.webgpu}
        </option>
        <option value="wasm">{BACKEND_NAMES.wasm}</option>
      </select>
    </div>
  );
}
