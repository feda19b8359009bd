/**
 * Drives the real worker logic in Node for tests: `createHandler` with the real `loadSession`
 * (transformers.js on ONNX Runtime's CPU backend), a `post` that records every message, and tiny
 * models generated into a temporary folder. Test-only; nothing in the app imports it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { expect } from 'vitest';
import { generateModel } from '../../../scripts/models/generate.ts';
import type { Dtype, Family } from '../../onnx/spec.ts';
import type { PanelSpec } from '../../engine/decode-loop.ts';
import { NEUTRAL_SAMPLING_SETTINGS, type SamplingSettings, type TokenId } from '../../engine/types.ts';
import { createHandler } from '../handler.ts';
import { loadSession, type LoadedSession } from '../model-loader.ts';
import type { FromWorker, GenerationResult, LoadRequest, RequestId, TokenSnapshot, ToWorker, WorkerErrorInfo } from '../protocol.ts';
import { createYield } from '../yield.ts';

export const GPT2 = 'local/gpt2-tiny';
export const GPT_NEO = 'local/gpt-neo-tiny';
/** 23 GPT-2 tokens: with 20 new ones the sequence crosses GPT-Neo's local window of 16 twice over. */
export const PROMPT = 'Hello, I am a model with random weights, and this prompt is longer than the local window of sixteen tokens.';

/** Writes tiny models of `families` (fp32 unless `dtypes` says more) into a new temp folder and points transformers.js at it. */
export function generateTinyModels(families: readonly Family[], dtypes: readonly Dtype[] = ['fp32']): { root: string; remove(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'gpt-playground-worker-'));
  for (const family of families) generateModel({ family, size: 'tiny', dtypes: [...dtypes], outDir: path.join(root, 'local') });
  env.allowLocalModels = true;
  env.localModelPath = root + path.sep;
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const settings = (overrides: Partial<SamplingSettings> = {}): SamplingSettings => ({ ...NEUTRAL_SAMPLING_SETTINGS, ...overrides });
export const panel = (maxNewTokens: number, overrides: Partial<SamplingSettings> = {}, seed = 1): PanelSpec => ({
  settings: settings(overrides),
  seed,
  maxNewTokens,
});

const isTerminal = (m: FromWorker) => m.type === 'done' || m.type === 'error';

export interface GenerateOutcome {
  readonly requestId: RequestId;
  /** Streamed snapshots per panel, in arrival order. */
  readonly tokens: TokenSnapshot[][];
  readonly ids: TokenId[][];
  readonly result: GenerationResult;
}

export type NodeHarness = ReturnType<typeof createNodeHarness>;

/** One worker: send requests, read what it posted, and check the protocol afterwards. */
export function createNodeHarness() {
  const messages: FromWorker[] = [];
  const sent: ToWorker[] = [];
  const listeners = new Set<(m: FromWorker) => void>();
  let session: LoadedSession | null = null;
  /** Models whose stored files the handler asked to remove, in order. */
  const forgotten: string[] = [];
  let next = 0;
  let checkedRequests = 0;
  let checkedMessages = 0;

  const handle = createHandler(
    {
      // The real loader; kept so tests can reach the model and its TransformersLm.
      loadSession: async (...args) => (session = await loadSession(...args)),
      probeGpu: () => Promise.resolve({ available: false, code: 'no_webgpu', detail: null }),
      now: () => performance.now(),
      yieldToHost: createYield(),
      forgetModelFiles: (modelId) => {
        forgotten.push(modelId);
        return Promise.resolve(0);
      },
    },
    (message) => {
      messages.push(message);
      for (const listener of listeners) listener(message);
    },
  );

  const newId = (kind: string): RequestId => `${kind}-${++next}`;
  const send = (message: ToWorker): Promise<void> => {
    sent.push(message);
    return handle(message);
  };
  const of = (requestId: RequestId) => messages.filter((m) => m.requestId === requestId);
  const terminal = (requestId: RequestId) => {
    const end = of(requestId).find(isTerminal);
    if (!end) throw new Error(`${requestId} has not ended`);
    return end;
  };

  function outcome(requestId: RequestId, panels: number): GenerateOutcome {
    const end = terminal(requestId);
    if (end.type === 'error') throw new Error(`${requestId} failed: ${end.error.code} ${JSON.stringify(end.error.params)}: ${end.error.detail ?? ''}`);
    if (end.type !== 'done' || end.request !== 'generate') throw new Error(`${requestId} ended with ${JSON.stringify(end)}`);
    const tokens = Array.from({ length: panels }, (): TokenSnapshot[] => []);
    for (const m of of(requestId)) if (m.type === 'tokens') for (const p of m.panels) tokens[p.panel]?.push(...p.tokens);
    return { requestId, tokens, ids: tokens.map((list) => list.map((t) => t.step.tokenId)), result: end.result };
  }

  return {
    forgotten,
    messages,
    send,
    newId,
    of,
    terminal,
    /** Calls `listener` with every message posted from now on (synchronously, inside `post`). */
    listen(listener: (m: FromWorker) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get session(): LoadedSession {
      if (!session) throw new Error('No session was loaded');
      return session;
    },

    async load(modelId: string, overrides: Partial<LoadRequest> = {}): Promise<RequestId> {
      const requestId = newId('load');
      await send({ type: 'load', requestId, modelId, dtype: 'fp32', device: 'wasm', offline: true, ...overrides });
      return requestId;
    },

    /** Loads and fails the test with the worker's own message if the load did not succeed. */
    async loadOk(modelId: string): Promise<LoadedSession> {
      const requestId = await this.load(modelId);
      const end = terminal(requestId);
      if (end.type === 'error') throw new Error(`load failed: ${end.error.code} ${JSON.stringify(end.error.params)}: ${end.error.detail ?? ''}`);
      return this.session;
    },

    async generate(prompt: string, panels: readonly PanelSpec[]): Promise<GenerateOutcome> {
      const requestId = newId('generate');
      await send({ type: 'generate', requestId, prompt, panels });
      return outcome(requestId, panels.length);
    },

    outcome,

    /** The error a request ended with; fails when it ended otherwise. */
    errorOf(requestId: RequestId): WorkerErrorInfo {
      const end = terminal(requestId);
      if (end.type !== 'error') throw new Error(`${requestId} ended with ${end.type}, not an error`);
      return end.error;
    },

    /**
     * The protocol's promise: every request ends with exactly one `done` or `error`, its last
     * message. Checks the requests sent, and the messages posted, since the previous call, so a
     * late message is reported once, by the test during which it arrived.
     */
    expectEveryRequestEndedOnce(): void {
      const newRequests = sent.slice(checkedRequests);
      const newMessages = messages.slice(checkedMessages);
      checkedRequests = sent.length;
      checkedMessages = messages.length;
      for (const request of newRequests) {
        expect(of(request.requestId).filter(isTerminal), `terminal messages of ${request.requestId}`).toHaveLength(1);
      }
      const late = newMessages.filter((m) => {
        const end = messages.findIndex((e) => e.requestId === m.requestId && isTerminal(e));
        return end >= 0 && end < messages.indexOf(m);
      });
      expect(late, 'messages posted after their request ended').toEqual([]);
      const unknown = newMessages.filter((m) => !sent.some((r) => r.requestId === m.requestId));
      expect(unknown, 'messages for requests never sent').toEqual([]);
    },
  };
}
