// The lab's page side with a fake worker: what is sent, and how the worker's messages become state.
import { beforeEach, describe, expect, it } from 'vitest';
import { REFERENCE_TEXTS } from '../engine/lab/reference-texts.ts';
import type { LabMeasuredRow, LabRequest, ToWorker } from '../worker/protocol.ts';
import { labBlock, labDtypes, runLab, setLabCustomText, setLabTextChoice, stopLab } from './lab-actions.ts';
import { resetStore, useStore } from './store.ts';
import { connectFakeWorker } from './testing/fake-worker.ts';

const fakeWorker = () => connectFakeWorker();

const lastLab = (sent: readonly ToWorker[]): LabRequest => {
  const request = sent.findLast((m) => m.type === 'lab');
  if (request?.type !== 'lab') throw new Error('no lab request sent');
  return request;
};

const row = (dtype: LabMeasuredRow['dtype'], baseline: boolean): LabMeasuredRow => ({
  dtype,
  status: 'measured',
  baseline,
  device: 'wasm',
  downloadBytes: 13_343_691,
  downloadSource: 'files',
  loadMs: 400,
  decodeTokensPerSecond: 150,
  decodedTokens: 32,
  perplexity: 71_072,
  evaluatedTokens: 106,
  droppedTokens: 0,
  meanKl: baseline ? 0 : 0.0004,
  top1Agreement: baseline ? 1 : 0.9,
  maxLogitDiff: baseline ? 0 : 0.15,
});

beforeEach(() => resetStore());
const lab = () => useStore.getState().lab;

describe('running the lab', () => {
  it('sends every dtype of the model bar’s model, fp32 first, on its backend, with the page language’s text', async () => {
    const { sent } = fakeWorker();
    useStore.setState({ modelId: 'local/gpt2-tiny', device: 'wasm', language: 'es' });
    runLab();
    const request = lastLab(sent);
    expect(request).toMatchObject({ modelId: 'local/gpt2-tiny', dtypes: ['fp32', 'fp16', 'q8', 'q4'], device: 'wasm', text: REFERENCE_TEXTS.es, offline: true, decodeTokens: 32 });
    expect(lab()).toMatchObject({ status: 'running', requestId: request.requestId, run: { textChoice: 'es', dtypes: ['fp32', 'fp16', 'q8', 'q4'] } });
  });

  it('sends only the dtypes a catalog model has, and its ONNX file name', async () => {
    const { sent } = fakeWorker();
    useStore.setState({ modelId: 'Xenova/distilgpt2', offline: false });
    runLab();
    expect(lastLab(sent)).toMatchObject({ dtypes: ['fp32', 'q8'], modelFileName: 'decoder_model_merged', offline: false });
    expect(labDtypes('someone/unknown-model')).toEqual(['fp32', 'fp16', 'q8', 'q4']);
  });

  it('sends the person’s own text when chosen, and refuses an empty one', async () => {
    const { sent } = fakeWorker();
    setLabTextChoice('custom');
    expect(labBlock(useStore.getState())).toBe('empty_text');
    runLab();
    expect(sent).toEqual([]);
    setLabCustomText('My own reference text.');
    setLabTextChoice('custom');
    runLab();
    expect(lastLab(sent).text).toBe('My own reference text.');
  });

  it('does not run on a folder opened from disk', async () => {
    useStore.setState({ modelId: 'disk/my-model' });
    expect(labBlock(useStore.getState())).toBe('disk_folder');
  });
});

describe('the worker’s lab messages', () => {
  it('show the current dtype, its phase and file bytes, then the rows, then done', async () => {
    const { sent, reply } = fakeWorker();
    runLab();
    const { requestId } = lastLab(sent);
    await reply({ type: 'lab_progress', requestId, dtype: 'fp32', phase: 'loading' });
    await reply({ type: 'lab_progress', requestId, dtype: 'fp32', phase: 'loading', file: { name: 'onnx/model.onnx', loaded: 10, total: 100, done: false } });
    expect(lab().current).toEqual({ dtype: 'fp32', phase: 'loading', files: { 'onnx/model.onnx': { loaded: 10, total: 100, done: false } } });
    await reply({ type: 'lab_progress', requestId, dtype: 'fp32', phase: 'decoding' });
    expect(lab().current?.phase).toBe('decoding');
    await reply({ type: 'lab_row', requestId, row: row('fp32', true) });
    await reply({ type: 'lab_progress', requestId, dtype: 'fp16', phase: 'loading' });
    expect(lab().current).toEqual({ dtype: 'fp16', phase: 'loading', files: {} }); // a new dtype starts with no files
    await reply({ type: 'lab_row', requestId, row: { dtype: 'fp16', status: 'skipped', reason: { name: 'WorkerError', code: 'unsupported_dtype', params: { reason: 'no_shader_f16' }, detail: null }, unsupported: 'no_shader_f16' } });
    expect(lab().status).toBe('running'); // only the terminal message ends the run
    await reply({ type: 'done', requestId, request: 'lab' });
    expect(lab()).toMatchObject({ status: 'done', requestId: null, current: null });
    expect(lab().rows.map((r) => [r.dtype, r.status])).toEqual([
      ['fp32', 'measured'],
      ['fp16', 'skipped'],
    ]);
  });

  it('stops: sends a stop aimed at the run, and ends as stopped on done', async () => {
    const { sent, reply } = fakeWorker();
    runLab();
    const { requestId } = lastLab(sent);
    stopLab();
    expect(sent.at(-1)).toMatchObject({ type: 'stop', target: requestId, panel: null });
    expect(lab().status).toBe('stopping');
    await reply({ type: 'done', requestId, request: 'lab' });
    expect(lab().status).toBe('stopped');
  });

  it('keeps the error of a failed request', async () => {
    const { sent, reply } = fakeWorker();
    runLab();
    const { requestId } = lastLab(sent);
    await reply({ type: 'error', requestId, error: { name: 'WorkerError', code: 'backend_unavailable', params: { device: 'webgpu' }, detail: null } });
    expect(lab()).toMatchObject({ status: 'error', error: { code: 'backend_unavailable' } });
  });

  // A second run replaces the first; the first one's late messages must not mix into it.
  it('ignores the messages of a run that was replaced', async () => {
    const { sent, reply } = fakeWorker();
    runLab();
    const first = lastLab(sent).requestId;
    runLab();
    const second = lastLab(sent).requestId;
    await reply({ type: 'lab_row', requestId: first, row: row('fp32', true) });
    await reply({ type: 'done', requestId: first, request: 'lab' });
    expect(lab()).toMatchObject({ status: 'running', requestId: second, rows: [] });
  });
});
