// The one client of the worker: ids, routing of events to their call, the terminal message that
// settles a call (and nothing of it after), errors as codes, and an abort that sends a stop.
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../worker/protocol.ts';
import { callErrorInfo, createWorkerClient, WorkerCallError, type WorkerPort } from './worker-client.ts';

function fakeWorker() {
  const sent: ToWorker[] = [];
  const port: WorkerPort = { postMessage: (m) => sent.push(m), onmessage: null };
  const client = createWorkerClient(port);
  const reply = (message: FromWorker) => port.onmessage?.({ data: message } as MessageEvent<FromWorker>);
  return { sent, client, reply };
}

describe('worker client', () => {
  it('sends each call with its own id and resolves it with its result', async () => {
    const { sent, client, reply } = fakeWorker();
    const a = client.call('tokenize', { text: 'Hi' });
    const b = client.call('tokenize', { text: 'Yo' });
    expect(sent).toEqual([
      { type: 'tokenize', requestId: a.requestId, text: 'Hi' },
      { type: 'tokenize', requestId: b.requestId, text: 'Yo' },
    ]);
    expect(a.requestId).not.toBe(b.requestId);
    expect(a.requestId).toMatch(/^tokenize-/);
    // Answers in the other order still reach their own call.
    reply({ type: 'done', requestId: b.requestId, request: 'tokenize', result: { ids: [2], texts: ['Yo'] } });
    reply({ type: 'done', requestId: a.requestId, request: 'tokenize', result: { ids: [1], texts: ['Hi'] } });
    expect(await a).toEqual({ ids: [1], texts: ['Hi'] });
    expect(await b).toEqual({ ids: [2], texts: ['Yo'] });
  });

  it('streams a call’s events to it, in order, and nothing after its terminal message', async () => {
    const { client, reply } = fakeWorker();
    const events: string[] = [];
    const lab = client.call('lab', { modelId: 'm', dtypes: ['fp32'], device: 'wasm', text: 't', decodePrompt: 'p', decodeTokens: 4 }, { onEvent: (e) => events.push(e.type) });
    const other = client.call('lab', { modelId: 'm', dtypes: ['fp32'], device: 'wasm', text: 't', decodePrompt: 'p', decodeTokens: 4 }, { onEvent: (e) => events.push(`other ${e.type}`) });
    reply({ type: 'lab_progress', requestId: lab.requestId, dtype: 'fp32', phase: 'loading' });
    reply({ type: 'lab_progress', requestId: lab.requestId, dtype: 'fp32', phase: 'decoding' });
    reply({ type: 'done', requestId: lab.requestId, request: 'lab' });
    reply({ type: 'lab_progress', requestId: lab.requestId, dtype: 'fp32', phase: 'evaluating' });
    reply({ type: 'lab_progress', requestId: 'never-sent', dtype: 'fp32', phase: 'evaluating' });
    expect(await lab).toBeUndefined();
    expect(events).toEqual(['lab_progress', 'lab_progress']);
    reply({ type: 'done', requestId: other.requestId, request: 'lab' });
    await other;
  });

  it('rejects with the worker’s code, parameters and detail', async () => {
    const { client, reply } = fakeWorker();
    const step = client.call('step', { ids: [], promptLength: 1, settings: {} as never, uniform: 0.5 });
    const error = { name: 'WorkerError', code: 'invalid_request', params: { reason: 'empty_sequence' }, detail: null } as const;
    reply({ type: 'error', requestId: step.requestId, error });
    const thrown = await step.catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(WorkerCallError);
    expect(callErrorInfo(thrown)).toEqual(error);
    expect(callErrorInfo(new Error('boom'))).toMatchObject({ code: 'internal', detail: 'Error: boom' });
  });

  it('sends a stop for the request when its signal aborts, and settles with what the worker answers', async () => {
    const { sent, client, reply } = fakeWorker();
    const controller = new AbortController();
    const suggest = client.call('suggest', { text: 'Once', settings: {} as never, seeds: [1], maxNewTokens: 3 }, { signal: controller.signal });
    controller.abort();
    const stop = sent.at(-1);
    expect(stop).toMatchObject({ type: 'stop', target: suggest.requestId, panel: null });
    reply({ type: 'done', requestId: stop!.requestId, request: 'stop' });
    const cancelled = { alternatives: [''], promptTokens: 1, droppedTokens: 0, reusedTokens: 0, prefillKind: 'fresh', prefillMs: 1, fullPrefill: null, totalMs: 2, cancelled: true } as const;
    reply({ type: 'done', requestId: suggest.requestId, request: 'suggest', result: cancelled });
    expect(await suggest).toEqual(cancelled);
    // Aborting after the end sends nothing more.
    controller.abort();
    expect(sent).toHaveLength(2);
  });
});
