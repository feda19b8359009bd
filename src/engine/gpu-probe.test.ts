// The probe reports what the adapter says, limits included (memory-fit.ts compares a model's
// largest tensor with them before a WebGPU download); a fake `navigator.gpu` stands in for the browser.
import { describe, expect, it } from 'vitest';
import { probeWebGpu, type NavigatorWithGpu } from './gpu-probe.ts';

/** A `navigator` whose GPU offers one adapter with these limits (SwiftShader's, by default). */
function navigatorWith(limits: Partial<GPUSupportedLimits> | undefined): NavigatorWithGpu {
  const adapter = {
    info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true },
    features: new Set<string>(),
    limits,
  };
  return { gpu: { requestAdapter: () => Promise.resolve(adapter) } } as unknown as NavigatorWithGpu;
}

describe('probeWebGpu', () => {
  it('reports the adapter’s buffer limits', async () => {
    // What Chromium's SwiftShader adapter reports (read in the e2e browser): 1 GiB for both.
    const probe = await probeWebGpu(navigatorWith({ maxBufferSize: 1_073_741_824, maxStorageBufferBindingSize: 1_073_741_824 }));
    expect(probe).toEqual({
      available: true,
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: true,
      shaderF16: false,
      bufferLimits: { maxBufferSize: 1_073_741_824, maxStorageBufferBindingSize: 1_073_741_824 },
    });
  });

  it('leaves the limits out when the adapter does not report both', async () => {
    const probe = await probeWebGpu(navigatorWith({ maxBufferSize: 268_435_456 }));
    expect(probe.available && 'bufferLimits' in probe).toBe(false);
    const none = await probeWebGpu(navigatorWith(undefined));
    expect(none.available && 'bufferLimits' in none).toBe(false);
  });

  it('says why there is no adapter', async () => {
    expect(await probeWebGpu(undefined)).toEqual({ available: false, code: 'no_webgpu', detail: null });
    const noAdapter = { gpu: { requestAdapter: () => Promise.resolve(null) } } as unknown as NavigatorWithGpu;
    expect(await probeWebGpu(noAdapter)).toEqual({ available: false, code: 'no_adapter', detail: null });
  });
});
