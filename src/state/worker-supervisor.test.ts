// The page's side of a worker that dies: each way it can go (killed, an uncaught error, a fatal
// error code) settles the calls in flight, starts one new worker, and tells the page once.
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker, WorkerErrorInfo } from '../worker/protocol.ts';
import { MAX_RESTARTS, superviseWorker, watchLifeline, type Locks, type SpawnedWorker } from './worker-supervisor.ts';
import { callErrorInfo } from './worker-client.ts';

/** Web Locks as the browser keeps them: one holder per name, waiters granted in order when it lets go. */
function fakeLocks() {
  const held = new Map<string, () => void>();
  const waiting = new Map<string, (() => void)[]>();
  const locks: Locks = {
    query: () => Promise.resolve({ held: [...held.keys()].map((name) => ({ name, mode: 'exclusive' as const })), pending: [] }),
    request: ((name: string, ...rest: unknown[]) => {
      const callback = rest[rest.length - 1] as () => unknown;
      const options = (rest.length > 1 ? rest[0] : {}) as { signal?: AbortSignal };
      return new Promise((resolve, reject) => {
        const grant = () => {
          let release = () => undefined as void;
          const done = new Promise<void>((r) => (release = r));
          held.set(name, release);
          void Promise.resolve(callback()).then((value) => {
            resolve(value as never);
            release();
          });
          void done.then(() => {
            held.delete(name);
            const next = waiting.get(name)?.shift();
            next?.();
          });
        };
        if (!held.has(name)) grant();
        else {
          options.signal?.addEventListener('abort', () => reject(options.signal?.reason));
          waiting.set(name, [...(waiting.get(name) ?? []), grant]);
        }
      });
    }) as Locks['request'],
  };
  /** What the browser does when a holder's context ends: its locks go to the next in line. */
  const kill = (name: string) => held.get(name)?.();
  return { locks, kill, held };
}

interface FakeWorker extends SpawnedWorker {
  readonly name: string;
  readonly sent: ToWorker[];
  terminated: boolean;
  reply(message: FromWorker): void;
  throwUncaught(message: string): void;
}

function setUp(options: { locks?: Locks; holdLock?: (name: string) => void } = {}) {
  const workers: FakeWorker[] = [];
  const downs: WorkerErrorInfo[] = [];
  const supervisor = superviseWorker({
    spawn: (name) => {
      const errorListeners: ((event: ErrorEvent) => void)[] = [];
      const worker: FakeWorker = {
        name,
        sent: [],
        terminated: false,
        onmessage: null,
        postMessage(message) {
          this.sent.push(message);
        },
        terminate() {
          this.terminated = true;
        },
        addEventListener: (_type, listener) => errorListeners.push(listener),
        reply(message) {
          this.onmessage?.({ data: message } as MessageEvent<FromWorker>);
        },
        throwUncaught(message) {
          for (const listener of errorListeners) listener({ message, preventDefault: () => undefined } as ErrorEvent);
        },
      };
      options.holdLock?.(name);
      workers.push(worker);
      return worker;
    },
    locks: options.locks,
    context: () => ({ modelId: 'local/gpt2-tiny', dtype: 'q8', device: 'wasm' }),
    onDown: (info) => downs.push(info),
    sleep: () => new Promise((resolve) => setTimeout(resolve, 1)),
  });
  return { supervisor, workers, downs };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('worker supervisor', () => {
  it('notices a worker that is killed (its lifeline lock is released), fails its calls and starts a new one', async () => {
    const browser = fakeLocks();
    const { supervisor, workers, downs } = setUp({
      locks: browser.locks,
      // The worker takes its lock as it starts (src/worker/lifeline.ts).
      holdLock: (name) => void browser.locks.request(name, () => new Promise(() => undefined)),
    });
    const call = supervisor.client().call('tokenize', { text: 'Hi' });
    await settle();
    expect(workers).toHaveLength(1);
    browser.kill(workers[0]!.name);
    const error = callErrorInfo(await call.catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'worker_crashed', params: { reason: 'worker_stopped', modelId: 'local/gpt2-tiny' } });
    expect(downs).toEqual([error]);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
    // The new worker answers the page's calls.
    const again = supervisor.client().call('tokenize', { text: 'Hi' });
    expect(workers[1]!.sent).toHaveLength(1);
    workers[1]!.reply({ type: 'done', requestId: again.requestId, request: 'tokenize', result: { ids: [1], texts: ['Hi'] } });
    expect(await again).toEqual({ ids: [1], texts: ['Hi'] });
  });

  it('replaces a worker that throws outside any request, once, and ends the old one', async () => {
    const { supervisor, workers, downs } = setUp();
    const call = supervisor.client().call('probe', {});
    workers[0]!.throwUncaught('Uncaught RangeError: Array buffer allocation failed');
    workers[0]!.throwUncaught('a second error of the same worker');
    expect(callErrorInfo(await call.catch((e: unknown) => e))).toMatchObject({ code: 'worker_crashed', params: { reason: 'worker_error' }, detail: 'Uncaught RangeError: Array buffer allocation failed' });
    expect(downs).toHaveLength(1);
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('replaces the worker after a fatal error code (a lost GPU device), failing the other calls with it', async () => {
    const { supervisor, workers, downs } = setUp();
    const generate = supervisor.client().call('tokenize', { text: 'a' });
    const other = supervisor.client().call('tokenize', { text: 'b' });
    const lost = { name: 'WorkerError', code: 'gpu_device_lost', params: { device: 'webgpu' }, detail: 'destroyed: Device was destroyed.' } as const;
    workers[0]!.reply({ type: 'error', requestId: generate.requestId, error: lost });
    expect(callErrorInfo(await generate.catch((e: unknown) => e))).toEqual(lost);
    expect(callErrorInfo(await other.catch((e: unknown) => e))).toMatchObject({ code: 'gpu_device_lost', params: { modelId: 'local/gpt2-tiny', device: 'webgpu' } });
    expect(downs).toHaveLength(1);
    expect(workers).toHaveLength(2);
    // An ordinary error does not replace the worker.
    const bad = supervisor.client().call('tokenize', { text: 'c' });
    workers[1]!.reply({ type: 'error', requestId: bad.requestId, error: { name: 'WorkerError', code: 'no_model_loaded', params: {}, detail: null } });
    await bad.catch(() => undefined);
    expect(workers).toHaveLength(2);
  });

  it(`stops restarting after ${MAX_RESTARTS} deaths in a minute; later calls fail at once`, async () => {
    const { supervisor, workers, downs } = setUp();
    for (let i = 0; i <= MAX_RESTARTS; i++) workers[workers.length - 1]!.throwUncaught(`death ${i}`);
    expect(workers).toHaveLength(MAX_RESTARTS + 1);
    expect(downs).toHaveLength(MAX_RESTARTS + 1);
    const call = supervisor.client().call('probe', {});
    expect(callErrorInfo(await call.catch((e: unknown) => e))).toMatchObject({ code: 'worker_crashed', detail: `death ${MAX_RESTARTS}` });
  });

  it('the lifeline waits for the worker to take its lock, and gives up on one that never does', async () => {
    const browser = fakeLocks();
    const life = new AbortController();
    let clock = 0;
    const never = watchLifeline('never-started', browser.locks, life.signal, () => Promise.resolve(void (clock += 50_000)), () => clock);
    expect(await never).toBe(false);
    void browser.locks.request('w', () => new Promise(() => undefined));
    const watching = watchLifeline('w', browser.locks, life.signal, () => new Promise((r) => setTimeout(r, 1)), Date.now);
    await settle();
    browser.kill('w');
    expect(await watching).toBe(true);
  });
});
