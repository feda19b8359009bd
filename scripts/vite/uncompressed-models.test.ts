import { describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { weightsUncompressed } from './uncompressed-models.ts';

/** Runs the middleware on a request for `url` and returns the Accept-Encoding it leaves. */
function acceptEncodingAfter(url: string): string | undefined {
  const req = { url, headers: { 'accept-encoding': 'gzip, deflate, br' } } as unknown as IncomingMessage;
  let called = false;
  weightsUncompressed()(req, {} as ServerResponse, () => void (called = true));
  expect(called).toBe(true);
  return req.headers['accept-encoding'];
}

describe('weightsUncompressed', () => {
  it('drops Accept-Encoding for weight files under /models/, so vite preview sends them as they are with their length', () => {
    expect(acceptEncodingAfter('/models/local/gpt2-124m/onnx/model.onnx')).toBeUndefined();
    expect(acceptEncodingAfter('/models/local/gpt2-124m/onnx/model_quantized.onnx?x=1')).toBeUndefined();
    expect(acceptEncodingAfter('/models/hub/onnx/model.onnx_data')).toBeUndefined();
  });

  it('keeps compression for text files such as tokenizer.json and the app itself', () => {
    expect(acceptEncodingAfter('/models/local/gpt2-124m/tokenizer.json')).toBe('gzip, deflate, br');
    expect(acceptEncodingAfter('/assets/index.js')).toBe('gzip, deflate, br');
  });
});
