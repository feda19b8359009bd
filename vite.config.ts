import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { missingModels404 } from './scripts/vite/missing-models-404.ts';
import { ortAssets } from './scripts/vite/ort-assets.ts';
import { transformersChainFix } from './scripts/vite/transformers-chain-fix.ts';
import { uncompressedModels } from './scripts/vite/uncompressed-models.ts';

/**
 * Cross-origin isolation lets ONNX Runtime use multi-threaded WebAssembly
 * (SharedArrayBuffer needs COOP + COEP).
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The app shell for offline use (docs/offline.md): a Workbox service worker precaches the page,
 * its scripts and ONNX Runtime's files from /ort/. Models are not precached: transformers.js keeps
 * each one in Cache Storage when it is first loaded. The bundler also emits an unused hashed copy
 * of the runtime's .wasm under assets/ (transformers.js names it with `new URL`); it is left out.
 */
const offlineShell = VitePWA({
  registerType: 'autoUpdate',
  injectRegister: false,
  manifest: {
    name: 'GPT Playground',
    short_name: 'GPT Playground',
    description: 'See how a language model writes: GPT-2 and GPT-Neo in your browser.',
    theme_color: '#111418',
    background_color: '#ffffff',
    display: 'standalone',
    icons: [],
  },
  workbox: {
    globPatterns: ['index.html', 'assets/*.{js,css}', 'ort/*.{mjs,wasm}', 'manifest.webmanifest'],
    maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/models\//, /^\/ort\//],
    cleanupOutdatedCaches: true,
  },
  devOptions: { enabled: false },
});

export default defineConfig({
  plugins: [react(), ortAssets(), missingModels404(), uncompressedModels(), transformersChainFix(), offlineShell],
  // The e2e suite's dev server (E2E_NO_HMR=1) does not reload its pages when a source file
  // changes: a test in progress would lose its page and its worker.
  server: { headers: isolationHeaders, hmr: process.env.E2E_NO_HMR ? false : undefined },
  preview: { headers: isolationHeaders },
  // The production build bundles the worker with worker.plugins only: the chain fix must be there too.
  worker: { format: 'es', plugins: () => [transformersChainFix()] },
  optimizeDeps: {
    // transformers.js ships its own ES build and resolves ONNX Runtime at run time.
    exclude: ['@huggingface/transformers'],
    // Imported only from the model worker (weights-once.ts, and transformers.js), which Vite's
    // start-up scan does not reach: found later, it was optimized mid-load, and the worker's import
    // of the outdated copy failed (504) on a fresh checkout's first load in the dev server.
    include: ['onnxruntime-web/webgpu'],
  },
});
