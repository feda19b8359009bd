import { useEffect, useState } from 'react';
import { probeWebGpuInWorker } from '../state/gpu-probe.ts';
import type { GpuProbe } from '../worker/gpu-probe.ts';

/** Shows which WebGPU adapter a worker gets, so people know what their model will run on. */
export function BackendStatus() {
  const [probe, setProbe] = useState<GpuProbe | null>(null);
  useEffect(() => {
    let live = true;
    void probeWebGpuInWorker().then((result) => live && setProbe(result));
    return () => {
      live = false;
    };
  }, []);

  return (
    <section aria-label="Backend" className="backend-status">
      <h2>Backend</h2>
      {probe === null && <p>Checking WebGPU…</p>}
      {probe?.available === true && (
        <dl aria-label="WebGPU adapter">
          <dt>WebGPU</dt>
          <dd data-testid="webgpu-adapter">
            {probe.vendor || 'unknown vendor'} / {probe.architecture || 'unknown architecture'}
          </dd>
          <dt>Fallback adapter</dt>
          <dd data-testid="webgpu-fallback">{probe.isFallbackAdapter ? 'yes (software)' : 'no'}</dd>
          <dt>fp16 shaders</dt>
          <dd data-testid="webgpu-f16">{probe.shaderF16 ? 'yes' : 'no'}</dd>
        </dl>
      )}
      {probe?.available === false && <p data-testid="webgpu-unavailable">No WebGPU: {probe.reason} Models run on WebAssembly.</p>}
    </section>
  );
}
