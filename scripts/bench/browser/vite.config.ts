/**
 * The production build the browser benchmark measures: the app's own Vite config (same plugins,
 * same cross-origin isolation headers, same ONNX Runtime files under /ort/), built from the
 * benchmark's page instead of the app's index.html: the worker it measures is made of the app's
 * own loader and decoding loop, and the build does not depend on the rest of the UI.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type UserConfig } from 'vite';
import appConfig from '../../../vite.config.ts';
import { uncompressedModels } from '../../vite/uncompressed-models.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `BENCH_COMPRESS_MODELS=1`: serve the weights gzipped, as vite preview did before uncompressed-models.ts. */
const compressModels = process.env.BENCH_COMPRESS_MODELS === '1';

export default defineConfig(
  mergeConfig(appConfig as UserConfig, {
    root,
    plugins: compressModels ? [] : [uncompressedModels()],
    build: {
      rollupOptions: {
        input: { bench: path.join(root, 'scripts/bench/browser/bench.html') },
      },
    },
  }),
);
