// Faults that leave the worker's runtime unusable: a lost WebGPU device and a WebAssembly abort.
// The handler ends the request with its own code, refuses to run anything else on a lost device
// (the page starts a new worker), and ends the worker after an abort.
import { describe, expect, it, vi } from 'vitest';
import type { LoadedSession } from './model-loader.ts';
import type { FromWorker, LoadedModel, RequestId } from './protocol.ts';
import { createHandler, isRuntimeAbort } from './handler.ts';
import type { WatchedDevice } from './gpu-device-watch.ts';

interface FakeDevice extends WatchedDevice {
  lose(message?: string): void;
}

function fakeDevice(): FakeDevice {
  let lose: (info: { reason: string; message: string }) => void = () => undefined;
  const lost = new Promise<{ reason: string; message: string }>((resolve) => (lose = resolve));
  return { lost, lose: (message = 'Device was destroyed.') => lose({ reason: 'destroyed', message }) };
}

/** A loaded session whose tokenizer does what the test says; nothing else of it is used. */
function fakeSession(device: 'webgpu' | 'wasm', encode: (text: string) => number[]): LoadedSession {
  return {
    model: { dispose: () => Promise.resolve() },
    tokenizer: { encode, decode: (ids: number[]) => ids.join(' ') },
    lm: { release: () => Promise.resolve() },
    info: { modelId: 'local/gpt2-tiny', dtype: 'fp32', device } as LoadedModel,
  } as unknown as LoadedSession;
}

function setUp(device: 'webgpu' | 'wasm', encode: (text: string) => number[] = (text) => [...text].map((c) => c.charCodeAt(0))) {
  const messages: FromWorker[] = [];
  let current: FakeDevice | null = null;
  const closeWorker = vi.fn();
  const handle = createHandler(
    {
      loadSession: () => {
        // As ONNX Runtime does: each session gets a device of its own.
        current = device === 'webgpu' ? fakeDevice() : null;
        return Promise.resolve(fakeSession(device, encode));
      },
      probeGpu: () => Promise.resolve({ available: false, code: 'no_webgpu', detail: null }),
      now: () => performance.now(),
      yieldToHost: () => Promise.resolve(),
      gpuDevice: () => current,
      closeWorker,
    },
    (message) => messages.push(message),
  );
  let next = 0;
  const send = async (message: Record<string, unknown> & { type: string }): Promise<FromWorker> => {
    const requestId: RequestId = `${message.type}-${++next}`;
    await handle({ ...message, requestId } as never);
    const end = messages.find((m) => m.requestId === requestId && (m.type === 'done' || m.type === 'error'));
    if (!end) throw new Error(`${requestId} did not end`);
    return end;
  };
  const load = () => send({ type: 'load', modelId: 'local/gpt2-tiny', dtype: 'fp32', device, offline: true });
  const tokenize = () => send({ type: 'tokenize', text: 'Hi' });
  return { send, load, tokenize, closeWorker, device: () => current };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('handler faults', () => {
  it('after its WebGPU device is lost, refuses every request but probe and stop with gpu_device_lost', async () => {
    const w = setUp('webgpu');
    expect(await w.load()).toMatchObject({ type: 'done' });
    expect(await w.tokenize()).toMatchObject({ type: 'done' });
    w.device()?.lose();
    await tick();
    const refused = await w.tokenize();
    expect(refused).toMatchObject({ type: 'error', error: { code: 'gpu_device_lost', params: { modelId: 'local/gpt2-tiny', device: 'webgpu' }, detail: 'destroyed: Device was destroyed.' } });
    expect(await w.load()).toMatchObject({ type: 'error', error: { code: 'gpu_device_lost' } });
    expect(await w.send({ type: 'probe' })).toMatchObject({ type: 'done' });
  });

  it('names the loss when the runtime’s own error comes a moment before the device says it is lost', async () => {
    let onEncode = () => undefined as void;
    const w = setUp('webgpu', () => {
      onEncode();
      throw new Error('Failed to run the session: mapAsync aborted');
    });
    await w.load();
    onEncode = () => setTimeout(() => w.device()?.lose(), 20);
    await tick();
    expect(await w.tokenize()).toMatchObject({ type: 'error', error: { code: 'gpu_device_lost' } });
  });

  it('is not fooled by the device ONNX Runtime destroys with a released session, nor by a stale one', async () => {
    const w = setUp('webgpu');
    await w.load();
    await w.tokenize();
    const first = w.device();
    // A new load releases the first session; ONNX Runtime destroys its device.
    const loading = w.load();
    first?.lose();
    expect(await loading).toMatchObject({ type: 'done' });
    await tick();
    expect(await w.tokenize()).toMatchObject({ type: 'done' });
    expect(await w.tokenize()).toMatchObject({ type: 'done' });
  });

  it('on WASM there is no device to watch', async () => {
    const w = setUp('wasm');
    await w.load();
    expect(await w.tokenize()).toMatchObject({ type: 'done' });
  });

  it('ends the worker after a WebAssembly abort, once the request has its error', async () => {
    const w = setUp('wasm', () => {
      throw new WebAssembly.RuntimeError('Aborted(OOM)');
    });
    await w.load();
    const end = await w.tokenize();
    expect(end).toMatchObject({ type: 'error' });
    expect(w.closeWorker).not.toHaveBeenCalled();
    await tick();
    expect(w.closeWorker).toHaveBeenCalledOnce();
  });

  it('tells an abort from an ordinary error', () => {
    expect(isRuntimeAbort(new WebAssembly.RuntimeError('memory access out of bounds'))).toBe(true);
    expect(isRuntimeAbort(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isRuntimeAbort(new Error('protobuf parsing failed'))).toBe(false);
    expect(isRuntimeAbort('Aborted(')).toBe(false);
  });
});
