/**
 * The WebGPU device ONNX Runtime created in this worker. ONNX Runtime Web keeps it in its
 * `env.webgpu.device` once its WebGPU backend has started; transformers.js exposes that object
 * as `env.backends.onnx.webgpu`. The handler watches the device's `lost` promise: a lost device
 * (destroyed, a driver reset, the GPU out of memory) leaves the runtime unusable in this worker.
 */
import { env } from '@huggingface/transformers';

/** What the handler watches of a device. */
export interface WatchedDevice {
  readonly lost: Promise<{ readonly reason: string; readonly message: string }>;
}

/** ONNX Runtime's WebGPU device, once it has one; null before (or on WASM). */
export function ortGpuDevice(): WatchedDevice | null {
  const webgpu = (env.backends.onnx as { webgpu?: { device?: unknown } } | undefined)?.webgpu;
  const device = webgpu?.device;
  return typeof device === 'object' && device !== null && 'lost' in device && device.lost instanceof Promise ? (device as WatchedDevice) : null;
}
