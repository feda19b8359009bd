// A web page where a model file was expected, and a server that cannot be reached, are told apart
// from "damaged" and "not found" (what transformers.js reports for both).
import { describe, expect, it } from 'vitest';
import { toWorkerError, WorkerError } from './errors.ts';
import { FetchWatch, fileOfUrl } from './fetch-watch.ts';

const INDEX_HTML = '<!doctype html><html><body><div id="root"></div></body></html>';

describe('FetchWatch', () => {
  it('refuses a web page answered for a model file, naming the file', async () => {
    const watch = new FetchWatch();
    const fetch = watch.wrap(async () => new Response(INDEX_HTML, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } }));
    const refused = await fetch('/models/local/gpt2-tiny/config.json').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkerError);
    expect(toWorkerError(refused)).toMatchObject({ code: 'not_a_model_file', params: { value: 'config.json' } });
    expect(watch.noted).toEqual([{ kind: 'web_page', url: '/models/local/gpt2-tiny/config.json' }]);
  });

  it('passes files through, and a 404 page stays a 404 (not found is not a web page)', async () => {
    const watch = new FetchWatch();
    const ok = await watch.wrap(async () => new Response('{"vocab_size":3}', { headers: { 'Content-Type': 'application/json' } }))('http://h/acme/m/resolve/main/config.json');
    expect(await ok.json()).toEqual({ vocab_size: 3 });
    const missing = await watch.wrap(async () => new Response(INDEX_HTML, { status: 404, headers: { 'Content-Type': 'text/html' } }))('http://h/x/config.json');
    expect(missing.status).toBe(404);
    expect(watch.noted).toEqual([]);
  });

  // transformers.js turns a failed fetch of a page-served model into "file was not found locally".
  it('explains "not found" of a local model after a failed connection as server_unreachable', async () => {
    const watch = new FetchWatch();
    const failing = watch.wrap(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(failing('/models/local/gpt2-tiny/config.json')).rejects.toThrow('Failed to fetch');
    const notFound = new Error('`local_files_only=true` or `env.allowRemoteModels=false` and file was not found locally at "/models/local/gpt2-tiny/config.json".');
    expect(toWorkerError(watch.explain(notFound, 'local/gpt2-tiny')).code).toBe('server_unreachable');
    // A Hub model's failed download is already a network error; other errors stay what they are.
    expect(watch.explain(notFound, 'acme/gpt2-tiny')).toBe(notFound);
    const oom = new Error('Array buffer allocation failed');
    expect(watch.explain(oom, 'local/gpt2-tiny')).toBe(oom);
    watch.reset();
    expect(watch.explain(notFound, 'local/gpt2-tiny')).toBe(notFound);
  });

  // A server that cut the file short with a Content-Length that agrees: the download is whole, ONNX Runtime cannot read it.
  it('names the ONNX file this load downloaded when ONNX Runtime cannot read it', async () => {
    const watch = new FetchWatch();
    const fetch = watch.wrap(async () => new Response(new Uint8Array(8), { headers: { 'Content-Type': 'application/octet-stream' } }));
    await fetch('/models/local/gpt2-tiny/config.json');
    await fetch('/models/local/gpt2-tiny/onnx/model_quantized.onnx');
    const unreadable = new Error("Can't create a session. ERROR_CODE: 7, ERROR_MESSAGE: Failed to load model because protobuf parsing failed.");
    const explained = toWorkerError(watch.explain(unreadable, 'local/gpt2-tiny'));
    expect(explained).toMatchObject({ code: 'corrupt_model', params: { reason: 'onnx_file', value: 'onnx/model_quantized.onnx' } });
    expect(explained.detail).toContain('protobuf parsing failed');
    // A JSON file that did not parse is not the ONNX file's fault.
    const badJson = new SyntaxError('Unterminated string in JSON at position 12');
    expect(toWorkerError(watch.explain(badJson, 'local/gpt2-tiny')).params).toEqual({});
    // A later load that read the file from storage (no download) gets the general sentence.
    watch.reset();
    expect(watch.explain(unreadable, 'local/gpt2-tiny')).toBe(unreadable);
  });

  it('reads a web page parsed as JSON as not_a_model_file, not corrupt_model', () => {
    let parseError: unknown;
    try {
      JSON.parse(INDEX_HTML);
    } catch (error) {
      parseError = error;
    }
    expect(toWorkerError(parseError).code).toBe('not_a_model_file');
  });

  it('names files as they are in the model’s folder', () => {
    expect(fileOfUrl('http://127.0.0.1:4000/acme/gpt2-tiny/resolve/main/onnx/model_quantized.onnx')).toBe('onnx/model_quantized.onnx');
    expect(fileOfUrl('/models/local/gpt2-tiny/onnx/model.onnx')).toBe('onnx/model.onnx');
    expect(fileOfUrl('/models/local/gpt2-tiny/tokenizer.json')).toBe('tokenizer.json');
  });
});
