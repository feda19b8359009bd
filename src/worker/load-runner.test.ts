// A damaged file may still be on its way into the browser's storage when its load fails (files are
// stored as they are read: recording-cache.ts). Forgetting the model's files before that write ends
// would leave the damaged copy behind, and every later load would fail on it.
import { describe, expect, it } from 'vitest';
import { WorkerError } from './errors.ts';
import { createHandler } from './handler.ts';
import type { FromWorker } from './protocol.ts';

describe('runLoad', () => {
  it('lets the storage writes end before it forgets a damaged model’s files', async () => {
    const events: string[] = [];
    let endWrite = () => {};
    /** The write of the damaged file, started by the load. */
    let pending: Promise<unknown> = Promise.resolve();
    const messages: FromWorker[] = [];
    const handle = createHandler(
      {
        loadSession: () => {
          // The damaged file's write starts while it is read, and has not ended when the load fails.
          const write = new Promise<void>((resolve) => (endWrite = resolve)).then(() => events.push('write ended'));
          pending = write;
          return Promise.reject(new WorkerError('corrupt_model', {}, "Can't create a session: protobuf parsing failed"));
        },
        probeGpu: () => Promise.resolve({ available: false, code: 'no_webgpu', detail: null }),
        now: () => 0,
        yieldToHost: () => Promise.resolve(),
        takeStorageOutcome: async () => {
          setTimeout(() => endWrite(), 20);
          await pending;
          return 'stored';
        },
        forgetModelFiles: (modelId) => {
          events.push(`forgot ${modelId}`);
          return Promise.resolve(3);
        },
      },
      (message) => messages.push(message),
    );
    await handle({ type: 'load', requestId: 'load-1', modelId: 'local/gpt2-tiny', dtype: 'q8', device: 'wasm', offline: true });
    expect(events).toEqual(['write ended', 'forgot local/gpt2-tiny']);
    const end = messages.at(-1);
    expect(end?.type === 'error' && end.error.code).toBe('corrupt_model');
  });
});
