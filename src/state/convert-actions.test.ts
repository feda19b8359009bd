// Converting in the page with a fake worker: what is sent, progress folded per file, and what
// follows the worker's answer (a load of the converted model, or the error kept to show).
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConvertRequest, ToWorker } from '../worker/protocol.ts';
import { convertSelectedModel, conversionDtype, withProgress } from './convert-actions.ts';
import { resetStore, useStore } from './store.ts';
import { connectFakeWorker } from './testing/fake-worker.ts';

const fakeWorker = () => connectFakeWorker({ ticks: 10 });

const lastConvert = (sent: readonly ToWorker[]): ConvertRequest => {
  const request = sent.findLast((m) => m.type === 'convert');
  if (request?.type !== 'convert') throw new Error('no convert request sent');
  return request;
};

beforeEach(() => resetStore());

describe('conversionDtype', () => {
  it('is the chosen dtype, or what auto loads on the backend', () => {
    expect(conversionDtype({ dtype: 'q4', device: 'webgpu', gpuProbe: null })).toBe('q4');
    expect(conversionDtype({ dtype: 'auto', device: 'wasm', gpuProbe: null })).toBe('q8');
    expect(conversionDtype({ dtype: 'auto', device: 'webgpu', gpuProbe: null })).toBe('fp32');
  });
});

describe('withProgress', () => {
  it('keeps each file in its place and moves its bytes on', () => {
    let files = withProgress([], { type: 'convert_progress', requestId: 'r', phase: 'download', file: 'model.safetensors', done: 10, total: 100 });
    files = withProgress(files, { type: 'convert_progress', requestId: 'r', phase: 'convert', file: 'onnx/model.onnx', done: 5, total: 50 });
    files = withProgress(files, { type: 'convert_progress', requestId: 'r', phase: 'download', file: 'model.safetensors', done: 100, total: 100 });
    expect(files).toEqual([
      { phase: 'download', file: 'model.safetensors', done: 100, total: 100 },
      { phase: 'convert', file: 'onnx/model.onnx', done: 5, total: 50 },
    ]);
  });
});

describe('convertSelectedModel', () => {
  it('converts the selected Hub id in the dtype the load will use, then loads it', async () => {
    const { sent, reply } = fakeWorker();
    useStore.setState({ modelId: 'datificate/gpt2-small-spanish', dtype: 'auto', device: 'wasm', offline: false });
    const done = convertSelectedModel();
    const request = lastConvert(sent);
    expect(request).toMatchObject({ modelId: 'datificate/gpt2-small-spanish', dtypes: ['q8'] });
    expect(useStore.getState().convert).toMatchObject({ status: 'converting', source: 'hub', dtype: 'q8', requestId: request.requestId });

    await reply({ type: 'convert_progress', requestId: request.requestId, phase: 'download', file: 'model.safetensors', done: 50, total: 100 });
    expect(useStore.getState().convert.files).toEqual([{ phase: 'download', file: 'model.safetensors', done: 50, total: 100 }]);

    await reply({ type: 'done', requestId: request.requestId, request: 'convert', result: { modelId: 'datificate/gpt2-small-spanish', format: 'safetensors', files: [{ path: 'config.json', bytes: 900 }], diskFiles: null } });
    await done;
    expect(useStore.getState().convert.status).toBe('done');
    expect(sent.findLast((m) => m.type === 'load')).toMatchObject({ modelId: 'datificate/gpt2-small-spanish', dtype: 'auto', device: 'wasm' });
  });

  it('keeps the worker’s error and loads nothing', async () => {
    const { sent, reply } = fakeWorker();
    useStore.setState({ modelId: 'acme/too-big', dtype: 'q8', device: 'wasm' });
    const done = convertSelectedModel();
    const request = lastConvert(sent);
    const error = { name: 'WorkerError', code: 'convert_too_large', params: { modelId: 'acme/too-big', dtype: 'q8', value: 7076, max: 4000 }, detail: null } as const;
    await reply({ type: 'error', requestId: request.requestId, error });
    await done;
    expect(useStore.getState().convert).toMatchObject({ status: 'error', error });
    expect(sent.some((m) => m.type === 'load')).toBe(false);
  });
});
