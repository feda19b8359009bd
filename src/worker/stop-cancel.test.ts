// Stop and cancel on the real worker: a stop takes effect before the next token, a new generate
// ends the running one first, and each request still ends exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PanelSpec } from '../engine/decode-loop.ts';
import type { FromWorker, RequestId } from './protocol.ts';
import { createNodeHarness, generateTinyModels, GPT2, panel, PROMPT } from './testing/node-harness.ts';

let models: ReturnType<typeof generateTinyModels>;
const h = createNodeHarness();

beforeAll(async () => {
  models = generateTinyModels(['gpt2']);
  await h.loadOk(GPT2);
});
afterAll(() => models?.remove());
afterEach(() => h.expectEveryRequestEndedOnce());

const LONG = 200;

/**
 * Starts a generate and, when its first `tokens` message is posted, calls `onFirstTokens` with the
 * number of tokens posted so far per panel. Resolves when the generate has ended.
 */
async function generateAndReact(panels: readonly PanelSpec[], onFirstTokens: (posted: readonly number[], target: RequestId) => void) {
  const requestId = h.newId('generate');
  const posted = panels.map(() => 0);
  const first: { posted?: readonly number[] } = {};
  const unlisten = h.listen((m) => {
    if (m.type !== 'tokens' || m.requestId !== requestId) return;
    for (const p of m.panels) posted[p.panel] = (posted[p.panel] ?? 0) + p.tokens.length;
    if (first.posted) return;
    first.posted = [...posted];
    onFirstTokens(first.posted, requestId);
  });
  await h.send({ type: 'generate', requestId, prompt: PROMPT, panels });
  unlisten();
  if (!first.posted) throw new Error('the generate posted no tokens');
  return { outcome: h.outcome(requestId, panels.length), postedAtStop: first.posted };
}

describe('stop', () => {
  // The stop reaches the handler while the loop yields, right after the flush that posted the
  // tokens; the loop checks stops before every step, so not one more token can be sampled.
  it('stops every panel with exactly the tokens already posted', async () => {
    let stopped: Promise<void> | undefined;
    const { outcome, postedAtStop } = await generateAndReact([panel(LONG, { greedy: true }), panel(LONG, { temperature: 0.8 }, 5)], (_, target) => {
      stopped = h.send({ type: 'stop', requestId: h.newId('stop'), target, panel: null });
    });
    await stopped;
    expect(outcome.result.panels.map((p) => p.finishReason)).toEqual(['stopped', 'stopped']);
    expect(outcome.result.panels.map((p) => p.generatedTokens)).toEqual(postedAtStop);
    expect(outcome.tokens.map((list) => list.length)).toEqual(postedAtStop);
    expect(postedAtStop.every((n) => n > 0 && n < LONG)).toBe(true);
    expect(h.session.lm.length).toBe(0);
  });

  it('stops one panel; the others run to their max', async () => {
    let stopped: Promise<void> | undefined;
    const panels = [panel(40, { greedy: true }), panel(LONG, { temperature: 0.8 }, 5), panel(40, { topK: 40 }, 6)];
    const { outcome, postedAtStop } = await generateAndReact(panels, (_, target) => {
      stopped = h.send({ type: 'stop', requestId: h.newId('stop'), target, panel: 1 });
    });
    await stopped;
    expect(outcome.result.panels.map((p) => [p.finishReason, p.generatedTokens])).toEqual([
      ['max_tokens', 40],
      ['stopped', postedAtStop[1]],
      ['max_tokens', 40],
    ]);
    expect(postedAtStop[1]).toBeLessThan(40);
  });

  // In the browser a stop is a message that arrives while the loop yields or while the next step
  // runs. Sent through a MessageChannel when the first tokens arrive, it lands within one step: at
  // most one more token (sampled after the flush, before the stop was read).
  it('stops within one step when the stop arrives as a message', async () => {
    const channel = new MessageChannel();
    const stopped = new Promise<void>((resolve) => {
      channel.port1.onmessage = (event: MessageEvent<{ target: RequestId }>) => {
        void h.send({ type: 'stop', requestId: h.newId('stop'), target: event.data.target, panel: null }).then(resolve);
      };
    });
    const { outcome, postedAtStop } = await generateAndReact([panel(LONG, { temperature: 0.8 }, 9)], (_, target) => channel.port2.postMessage({ target }));
    await stopped;
    channel.port1.close();
    const generated = outcome.result.panels[0]?.generatedTokens ?? -1;
    expect(outcome.result.panels[0]?.finishReason).toBe('stopped');
    expect(generated).toBeGreaterThanOrEqual(postedAtStop[0] ?? 0);
    expect(generated).toBeLessThanOrEqual((postedAtStop[0] ?? 0) + 1);
    console.info(`stop by message: ${postedAtStop[0]} tokens posted when sent, ${generated} generated`);
  });

  it('answers a stop for a request that is not running with done, and changes nothing', async () => {
    const requestId = h.newId('stop');
    await h.send({ type: 'stop', requestId, target: 'generate-that-never-was', panel: null });
    expect(h.of(requestId)).toEqual([{ type: 'done', requestId, request: 'stop' }]);
    const after = await h.generate(PROMPT, [panel(3, { greedy: true })]);
    expect(after.result.panels[0]).toMatchObject({ finishReason: 'max_tokens', generatedTokens: 3 });
  });
});

describe('a stop for a request still in the queue', () => {
  // The page may stop a request before the worker got to it (autocomplete typing on): it must not run in full.
  it('stops it as soon as it starts: it ends stopped with no token', async () => {
    const queued = h.newId('generate');
    let queuedRun: Promise<void> | undefined;
    await generateAndReact([panel(LONG, { greedy: true })], () => {
      queuedRun = h.send({ type: 'generate', requestId: queued, prompt: PROMPT, panels: [panel(LONG, { greedy: true })] });
      void h.send({ type: 'stop', requestId: h.newId('stop'), target: queued, panel: null });
    });
    await queuedRun;
    expect(h.outcome(queued, 1).result.panels[0]).toMatchObject({ finishReason: 'stopped', generatedTokens: 0 });
  });
});

describe('a new generate while one runs', () => {
  it('cancels the running one, which ends exactly once before the new one posts anything', async () => {
    const second = h.newId('generate');
    let secondRun: Promise<void> | undefined;
    const { outcome, postedAtStop } = await generateAndReact([panel(LONG, { greedy: true }), panel(LONG, { topP: 0.9 }, 3)], () => {
      secondRun = h.send({ type: 'generate', requestId: second, prompt: 'Another prompt', panels: [panel(4, { greedy: true })] });
    });
    await secondRun;

    expect(outcome.result.panels.map((p) => p.finishReason)).toEqual(['cancelled', 'cancelled']);
    expect(outcome.result.panels.map((p) => p.generatedTokens)).toEqual(postedAtStop);
    const index = (m: FromWorker) => h.messages.indexOf(m);
    const firstEnd = h.terminal(outcome.requestId);
    const secondFirst = h.of(second)[0];
    if (!secondFirst) throw new Error('the second generate posted nothing');
    expect(index(firstEnd)).toBeLessThan(index(secondFirst));
    expect(h.outcome(second, 1).result.panels[0]).toMatchObject({ finishReason: 'max_tokens', generatedTokens: 4 });
  });
});
