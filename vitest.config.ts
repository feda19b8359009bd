import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Model tests build and run real ONNX models on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
