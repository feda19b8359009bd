/**
 * A folder a mock hub can serve that holds `local/gpt2-tiny` with its q8 and q4 files: the
 * project's `public/models` when `npm run models:ensure` has filled it, else a temporary folder
 * the generator writes into (about two seconds), so the tests also run on a clean checkout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateModel, modelIsComplete } from '../../models/generate.ts';
import type { Dtype } from '../../../src/onnx/spec.ts';

/** The id the tests download. */
export const TINY_ID = 'local/gpt2-tiny';
const DTYPES: readonly Dtype[] = ['q8', 'q4'];
const PUBLIC_MODELS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../public/models');

export interface TinyModelRoot {
  /** Holds `local/gpt2-tiny/`. */
  readonly root: string;
  /** Deletes the folder when it was generated for the tests; leaves `public/models` alone. */
  cleanup(): void;
}

/** Finds the tiny GPT-2 model under `publicModels` (default: the project's), or generates it. */
export function tinyModelRoot(publicModels: string = PUBLIC_MODELS): TinyModelRoot {
  if (modelIsComplete(path.join(publicModels, 'local'), 'gpt2', 'tiny', DTYPES)) {
    return { root: publicModels, cleanup: () => {} };
  }
  const root = mkdtempSync(path.join(tmpdir(), 'hub-root-'));
  generateModel({ family: 'gpt2', size: 'tiny', dtypes: DTYPES, outDir: path.join(root, 'local') });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
