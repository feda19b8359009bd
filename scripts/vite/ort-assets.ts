/**
 * Serves ONNX Runtime Web's WebAssembly files from our own origin, in dev and in build.
 *
 * transformers.js would otherwise fetch them from a CDN, which breaks offline use and leaks
 * requests off the page's origin. The worker points `env.backends.onnx.wasm.wasmPaths` at
 * {@link ORT_PUBLIC_PATH}.
 */
import { createReadStream, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

/** URL prefix under which the runtime files are served. */
export const ORT_PUBLIC_PATH = '/ort/';

/** The build transformers.js 4.x loads in the browser (WebGPU and WASM in one binary). */
export const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'] as const;

function ortDistDir(): string {
  // Resolve the onnxruntime-web that transformers.js itself depends on.
  const require = createRequire(import.meta.url);
  const transformersEntry = require.resolve('@huggingface/transformers');
  const fromTransformers = createRequire(transformersEntry);
  // onnxruntime-web exports no ./package.json; its main entry lives in dist/.
  return path.dirname(fromTransformers.resolve('onnxruntime-web'));
}

export function ortAssets(): Plugin {
  const dist = ortDistDir();
  for (const file of ORT_FILES) {
    if (!existsSync(path.join(dist, file))) {
      throw new Error(`ONNX Runtime file ${file} is missing from ${dist}; run npm ci.`);
    }
  }
  return {
    name: 'gpt-playground:ort-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url?.split('?')[0] ?? '';
        if (!url.startsWith(ORT_PUBLIC_PATH)) return next();
        const file = url.slice(ORT_PUBLIC_PATH.length);
        if (!(ORT_FILES as readonly string[]).includes(file)) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        createReadStream(path.join(dist, file)).pipe(res);
      });
    },
    generateBundle() {
      for (const file of ORT_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `${ORT_PUBLIC_PATH.slice(1)}${file}`,
          source: readFileSync(path.join(dist, file)),
        });
      }
    },
  };
}
