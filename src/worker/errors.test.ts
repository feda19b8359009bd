import { describe, expect, it } from 'vitest';
import { toWorkerError, WorkerError } from './errors.ts';

/** What transformers.js 4.3.1 throws when a file is neither served locally nor allowed from the Hub. */
const NOT_LOCAL = new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/Xenova/distilgpt2/config.json".');

describe('toWorkerError', () => {
  // Offline mode must not tell a person that a real Hub model does not exist.
  it('names a Hub model kept off the Hub by offline mode as offline_unavailable', () => {
    const error = toWorkerError(NOT_LOCAL, { modelId: 'Xenova/distilgpt2', dtype: 'q8', device: 'wasm', offline: true });
    expect(error).toMatchObject({ code: 'offline_unavailable', params: { modelId: 'Xenova/distilgpt2', offline: true }, detail: expect.stringContaining('allowRemoteModels=false') });
  });

  it('still calls a missing local model not found, offline or not', () => {
    const local = new Error(NOT_LOCAL.message.replace('Xenova/distilgpt2', 'local/no-such-model'));
    expect(toWorkerError(local, { modelId: 'local/no-such-model', offline: true }).code).toBe('model_not_found');
    expect(toWorkerError(NOT_LOCAL, { modelId: 'Xenova/distilgpt2', offline: false }).code).toBe('model_not_found');
  });

  it('carries the request as parameters, and no sentence', () => {
    expect(toWorkerError(new Error('Failed to fetch'))).toEqual({ name: 'Error', code: 'network', params: {}, detail: 'Error: Failed to fetch' });
    expect(toWorkerError(new Error('Failed to fetch'), { modelId: 'Xenova/distilgpt2' })).toMatchObject({ code: 'network', params: { modelId: 'Xenova/distilgpt2' } });
  });

  // The error's own parameters win over the request's: a lab row names its dtype, not the request's.
  it('merges the request into the error\'s own parameters', () => {
    expect(toWorkerError(new WorkerError('unsupported_dtype', { reason: 'no_shader_f16', dtype: 'fp16' }), { modelId: 'm', dtype: 'auto' })).toEqual({
      name: 'WorkerError',
      code: 'unsupported_dtype',
      params: { modelId: 'm', dtype: 'fp16', reason: 'no_shader_f16' },
      detail: null,
    });
  });
});
