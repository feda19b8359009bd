import { describe, expect, it } from 'vitest';
import { toWorkerError } from './errors.ts';

/** What transformers.js 4.3.1 throws when a file is neither served locally nor allowed from the Hub. */
const NOT_LOCAL = new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/Xenova/distilgpt2/config.json".');

describe('toWorkerError', () => {
  // Offline mode must not tell a person that a real Hub model does not exist.
  it('names a Hub model kept off the Hub by offline mode as offline_unavailable', () => {
    const error = toWorkerError(NOT_LOCAL, { modelId: 'Xenova/distilgpt2', dtype: 'q8', device: 'wasm', offline: true });
    expect(error).toMatchObject({ code: 'offline_unavailable', context: { modelId: 'Xenova/distilgpt2', offline: true } });
    expect(error.message).toContain('offline mode keeps loads off the Hub');
  });

  it('still calls a missing local model not found, offline or not', () => {
    const local = new Error(NOT_LOCAL.message.replace('Xenova/distilgpt2', 'local/no-such-model'));
    expect(toWorkerError(local, { modelId: 'local/no-such-model', offline: true }).code).toBe('model_not_found');
    expect(toWorkerError(NOT_LOCAL, { modelId: 'Xenova/distilgpt2', offline: false }).code).toBe('model_not_found');
  });

  it('carries the context only when there is one', () => {
    expect(toWorkerError(new Error('Failed to fetch'))).not.toHaveProperty('context');
    expect(toWorkerError(new Error('Failed to fetch'), { modelId: 'Xenova/distilgpt2' })).toMatchObject({ code: 'network', context: { modelId: 'Xenova/distilgpt2' } });
  });
});
