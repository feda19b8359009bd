// Lint rules, including the one-way layers of ../shared/CONVENTIONS.md:
// src/engine -> src/worker -> src/state -> src/ui; imports only go down that list.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Patterns a layer may not import: every layer above it. */
const forbid = (layers, why) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: layers.map((layer) => ({
        group: [`**/${layer}/*`, `**/${layer}`],
        message: why,
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist', '.e2e-dist*', 'node_modules', 'public', 'test-results*', 'playwright-report', 'e2e-artifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use `as const` objects or string unions, not enum.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['src/engine/**'], rules: forbid(['worker', 'state', 'ui'], 'src/engine is pure TypeScript: it imports no worker, state or UI code.') },
  { files: ['src/worker/**'], rules: forbid(['state', 'ui'], 'src/worker may import src/engine only.') },
  // The page talks to the worker through src/worker/protocol.ts's types only (and state/worker-client.ts):
  // nothing else of src/worker, and protocol.ts itself as `import type`. src/layers.test.ts holds the same.
  {
    files: ['src/state/**', 'src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/*', '!**/worker/protocol.ts'],
              message: 'src/state and src/ui import from src/worker only protocol.ts (types); main-thread code lives in src/state or src/engine.',
            },
            { group: ['**/worker/protocol.ts'], allowTypeImports: true, message: 'Import protocol.ts with `import type`: it holds types only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/state/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/ui/*', '**/ui'], message: 'src/state may not import src/ui.' },
            { group: ['**/worker/*', '!**/worker/protocol.ts'], message: 'src/state imports from src/worker only protocol.ts (types).' },
            { group: ['**/worker/protocol.ts'], allowTypeImports: true, message: 'Import protocol.ts with `import type`: it holds types only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/worker/protocol.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['./*', '../state/*', '../ui/*'], message: 'protocol.ts imports engine types only.' }] },
      ],
    },
  },
  {
    files: ['src/engine/**'],
    rules: {
      'no-restricted-globals': ['error', 'postMessage', 'document', 'window'],
    },
  },
);
