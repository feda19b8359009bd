import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { missingModels404 } from './scripts/vite/missing-models-404.ts';
import { ortAssets } from './scripts/vite/ort-assets.ts';
import { transformersChainFix } from './scripts/vite/transformers-chain-fix.ts';

/**
 * Cross-origin isolation lets ONNX Runtime use multi-threaded WebAssembly
 * (SharedArrayBuffer needs COOP + COEP).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), ortAssets(), missingModels404(), transformersChainFix()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  optimizeDeps: {
    // transformers.js ships its own ES build and resolves ONNX Runtime at run time.
    exclude: ['@huggingface/transformers'],
  },
});
