// The step mode's page side with a fake worker that answers steps with the real pipeline on
// made-up logits: what is sent (tokenize, then steps with the history's uniform numbers), Run to
// end and its Stop, Back and redo without the model, a hand-chosen branch, and errors.
import { beforeEach, describe, expect, it } from 'vitest';
import { pipelineStages } from '../engine/stepper/pipeline-stages.ts';
import { createStepHistory, nextUniform } from '../engine/stepper/step-history.ts';
import { tokenId, type TokenId } from '../engine/types.ts';
import type { FromWorker, StepRequest, ToWorker } from '../worker/protocol.ts';
import { LOADED } from './testing/finished-run.ts';
import {
  canRunToEnd,
  chooseStepToken,
  nextToken,
  restartSteps,
  runToEnd,
  setStepMaxTokens,
  setStepPrompt,
  setStepSeed,
  stepBack,
  stopStepRun,
  updateStepSettings,
} from './step-actions.ts';
import { generatedCount, generatedText, sequenceChips } from './step-session.ts';
import { resetStore, useStore } from './store.ts';
import { connectWorker, type WorkerPort } from './worker-bridge.ts';

const VOCAB = 64;
const MODEL = { ...LOADED, vocabSize: VOCAB, eosTokenId: 63, contextLength: 8 };
/** "Hello, I am" in GPT-2 ids, mapped into the fake vocabulary. */
const PROMPT_IDS = [15496 % VOCAB, 11, 314 % VOCAB, 716 % VOCAB];

/** Logits that depend on the whole window, so a wrong window gives other tokens. */
function fakeLogits(window: readonly number[]): Float32Array {
  const seed = window.reduce((acc, id, i) => acc + id * (i + 1), 0);
  return Float32Array.from({ length: VOCAB }, (_, id) => (id === 63 ? -20 : 3 * Math.sin(id * 1.7 + seed * 0.37)));
}

interface Fake {
  readonly sent: ToWorker[];
  /** Replies wait here until `flush()` when `hold` is set. */
  hold: boolean;
  flush(): void;
}

function fakeWorker(): Fake {
  const sent: ToWorker[] = [];
  const held: (() => void)[] = [];
  const fake: Fake = { sent, hold: false, flush: () => held.splice(0).forEach((reply) => reply()) };
  const port: WorkerPort = {
    postMessage: (m) => {
      sent.push(m);
      const reply = () => port.onmessage?.({ data: answer(m) } as MessageEvent<FromWorker>);
      // Replies arrive later, as a worker's do.
      if (fake.hold) held.push(reply);
      else queueMicrotask(reply);
    },
    onmessage: null,
  };
  connectWorker(port, (flush) => flush());
  return fake;
}

function answer(m: ToWorker): FromWorker {
  switch (m.type) {
    case 'tokenize':
      if (m.text === 'broken') return { type: 'error', requestId: m.requestId, error: { name: 'WorkerError', code: 'internal', params: {}, detail: 'boom' } };
      return { type: 'done', requestId: m.requestId, request: 'tokenize', result: m.text === '' ? { ids: [], texts: [] } : { ids: PROMPT_IDS, texts: ['Hello', ',', ' I', ' am'] } };
    case 'step': {
      const cropStart = m.ids.length >= MODEL.contextLength ? m.ids.length - (MODEL.contextLength - 1) : 0;
      const window = m.ids.slice(cropStart);
      const stages = pipelineStages({ logits: fakeLogits(window), sequence: m.ids as TokenId[], settings: m.settings, uniform: m.uniform, count: m.count ?? 10 });
      const text = (id: number) => `<${id}>`;
      return {
        type: 'done',
        requestId: m.requestId,
        request: 'step',
        result: {
          stages,
          candidateTexts: stages.candidates.map((c) => text(c.id)),
          generatedText: [...m.ids.slice(m.promptLength), stages.chosen].map(text).join(''),
          cropStart,
          fedTokens: 1,
          cachedTokens: window.length - 1,
          forwardMs: 2,
        },
      };
    }
    default:
      throw new Error(`unexpected ${m.type}`);
  }
}

const steps = (sent: readonly ToWorker[]): StepRequest[] => sent.filter((m): m is StepRequest => m.type === 'step');
const step = () => useStore.getState().stepMode;
const session = () => {
  const s = step().session;
  if (!s) throw new Error('no session');
  return s;
};
const ids = () => sequenceChips(session()).map((c) => c.id);

beforeEach(() => {
  resetStore();
  useStore.setState({ loaded: MODEL });
});

describe('Next token', () => {
  it('tokenizes the prompt once, then sends the whole sequence with the seed stream’s number for each step', async () => {
    const fake = fakeWorker();
    setStepSeed(42);
    await nextToken();
    await nextToken();
    await nextToken();
    expect(fake.sent.map((m) => m.type)).toEqual(['tokenize', 'step', 'step', 'step']);
    const sent = steps(fake.sent);
    let history = createStepHistory(PROMPT_IDS.map(tokenId), 8, 42);
    sent.forEach((request, i) => {
      expect(request.ids).toEqual(ids().slice(0, 4 + i));
      expect(request.promptLength).toBe(4);
      expect(request.uniform).toBe(nextUniform(history));
      expect(request.count).toBe(8);
      history = { ...history, cursor: history.cursor + 1 };
    });
    expect(sequenceChips(session()).map((c) => c.origin)).toEqual(['prompt', 'prompt', 'prompt', 'prompt', 'drawn', 'drawn', 'drawn']);
    expect(generatedText(session())).toBe(ids().slice(4).map((id) => `<${id}>`).join(''));
    expect(step().status).toBe('idle');
  });

  it('starts an empty prompt from <|endoftext|>, and starts again when the prompt or the model changes', async () => {
    const fake = fakeWorker();
    setStepPrompt('');
    await nextToken();
    expect(steps(fake.sent)[0]!.ids).toEqual([63]);
    expect(sequenceChips(session())[0]).toMatchObject({ id: 63, text: '<|endoftext|>', origin: 'prompt' });
    setStepPrompt('Hello, I am');
    await nextToken();
    expect(fake.sent.filter((m) => m.type === 'tokenize')).toHaveLength(2);
    expect(generatedCount(session())).toBe(1);
    useStore.setState({ loaded: { ...MODEL } });
    await nextToken();
    expect(fake.sent.filter((m) => m.type === 'tokenize')).toHaveLength(3);
    expect(generatedCount(session())).toBe(1);
  });

  it('does nothing without a loaded model', async () => {
    const fake = fakeWorker();
    useStore.setState({ loaded: null });
    await nextToken();
    expect(fake.sent).toEqual([]);
    expect(canRunToEnd(useStore.getState())).toBe(false);
  });

  it('shows the worker’s error and goes back to idle', async () => {
    fakeWorker();
    setStepPrompt('broken');
    await nextToken();
    expect(step()).toMatchObject({ status: 'idle', session: null, error: { code: 'internal', detail: 'boom' } });
  });

  it('sends settings clamped into range, min-p included', async () => {
    const fake = fakeWorker();
    updateStepSettings({ topP: 0, minP: 0.9, temperature: 5 });
    await nextToken();
    expect(steps(fake.sent)[0]!.settings).toMatchObject({ topP: 1e-6, minP: 0.5, temperature: 2 });
  });
});

describe('Back, redo and Restart', () => {
  it('Back two then Next token twice brings the same tokens back without asking the model', async () => {
    const fake = fakeWorker();
    for (let i = 0; i < 5; i++) await nextToken();
    const five = ids();
    stepBack();
    stepBack();
    expect(ids()).toEqual(five.slice(0, 7));
    const sentBefore = fake.sent.length;
    await nextToken();
    await nextToken();
    expect(ids()).toEqual(five);
    expect(fake.sent.length).toBe(sentBefore);
    await nextToken();
    expect(fake.sent.length).toBe(sentBefore + 1);
  });

  it('a settings change forgets the undone steps: Next token asks the model again', async () => {
    const fake = fakeWorker();
    await nextToken();
    await nextToken();
    stepBack();
    updateStepSettings({ greedy: true });
    const sentBefore = fake.sent.length;
    await nextToken();
    expect(fake.sent.length).toBe(sentBefore + 1);
    expect(steps(fake.sent).at(-1)!.settings.greedy).toBe(true);
  });

  it('Restart goes back to the prompt; the same seed draws the same tokens again', async () => {
    fakeWorker();
    for (let i = 0; i < 3; i++) await nextToken();
    const three = ids();
    restartSteps();
    expect(ids()).toEqual(PROMPT_IDS);
    for (let i = 0; i < 3; i++) await nextToken();
    expect(ids()).toEqual(three);
  });
});

describe('Choose this token', () => {
  it('replaces the last drawn token with a candidate, and the next step continues from it', async () => {
    const fake = fakeWorker();
    await nextToken();
    await nextToken();
    const last = session().history.steps[1]!;
    const other = last.stages.candidates.find((c) => c.id !== last.tokenId)!.id;
    chooseStepToken(other);
    expect(ids().slice(-1)).toEqual([other]);
    expect(sequenceChips(session()).at(-1)).toMatchObject({ origin: 'chosen', text: `<${other}>` });
    expect(generatedText(session())).toBe(`<${ids()[4]}><${other}>`);
    await nextToken();
    expect(steps(fake.sent).at(-1)!.ids.slice(-1)).toEqual([other]);
    expect(generatedCount(session())).toBe(3);
  });
});

describe('Run to end', () => {
  it('steps until max tokens, past the context (the window crops) and reports the crop', async () => {
    const fake = fakeWorker();
    setStepMaxTokens(6);
    await runToEnd();
    expect(generatedCount(session())).toBe(6);
    expect(steps(fake.sent)).toHaveLength(6);
    // 4 prompt ids + 6 = 10 ids, context 8: the last step's window dropped the first 2.
    expect(session().infos.at(-1)!.cropStart).toBe(2);
    expect(sequenceChips(session()).map((c) => c.inWindow)).toEqual([false, false, false, true, true, true, true, true, true, true]);
    expect(canRunToEnd(useStore.getState())).toBe(false);
    expect(step().status).toBe('idle');
  });

  it('stops after the step in flight when Stop is pressed', async () => {
    const fake = fakeWorker();
    fake.hold = true;
    setStepMaxTokens(20);
    const run = runToEnd();
    await Promise.resolve();
    fake.flush(); // tokenize
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(step().status).toBe('running');
    stopStepRun();
    fake.flush(); // the step in flight
    await run;
    expect(generatedCount(session())).toBe(1);
    expect(step()).toMatchObject({ status: 'idle', stopRequested: false });
  });

  it('a greedy run equals a greedy Next token walk of the same length', async () => {
    fakeWorker();
    updateStepSettings({ greedy: true, temperature: 1 });
    setStepMaxTokens(5);
    await runToEnd();
    const run = ids();
    restartSteps();
    setStepSeed(7); // greedy ignores the draw
    for (let i = 0; i < 5; i++) await nextToken();
    expect(ids()).toEqual(run);
  });
});
