/**
 * Serves model weights uncompressed from `vite preview` (the app's own server, `npm run serve`).
 *
 * vite preview gzips every response whose type it does not know, and `.onnx` has none: a 500 MB
 * GPT-2 file was compressed on the fly (about 16 s of one core for 7 % smaller random weights) and
 * sent without Content-Length, so the browser could not size its buffer. Dropping the request's
 * Accept-Encoding for weight files keeps the compression for everything else.
 */
import type { Connect, Plugin } from 'vite';

/** Weight files: dense numbers that gain little from gzip and are too large to compress per request. */
export const WEIGHT_FILE = /\/models\/.*\.(onnx|onnx_data|onnx\.data)$/;

export function weightsUncompressed(): Connect.NextHandleFunction {
  return (req, _res, next) => {
    const url = req.url?.split('?')[0] ?? '';
    if (WEIGHT_FILE.test(url)) delete req.headers['accept-encoding'];
    next();
  };
}

export function uncompressedModels(): Plugin {
  return {
    name: 'gpt-playground:uncompressed-models',
    configurePreviewServer(server) {
      // Registered here, before preview's own middlewares: the compression middleware comes after.
      server.middlewares.use(weightsUncompressed());
    },
  };
}
