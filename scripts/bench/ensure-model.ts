/**
 * Makes sure the generated model the benchmark asks for is on disk with the asked dtypes, generating
 * only what is missing. Weights come from a fixed seed, so a dtype generated later has the same
 * weights as the ones already there; it is generated beside the folder and moved in, because
 * `generateModel` replaces a whole folder and would delete the dtypes not asked for.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { generateModel, modelIsComplete, modelName } from '../models/generate.ts';
import { ONNX_FILE, type Dtype, type Family } from '../../src/onnx/spec.ts';
import type { Size } from '../models/weights.ts';

/** Dtypes of the model that are not on disk yet. */
export function missingDtypes(outDir: string, family: Family, size: Size, dtypes: readonly Dtype[]): Dtype[] {
  return dtypes.filter((d) => !modelIsComplete(outDir, family, size, [d]));
}

export function ensureModel(outDir: string, family: Family, size: Size, dtypes: readonly Dtype[], log: (line: string) => void): void {
  const missing = missingDtypes(outDir, family, size, dtypes);
  if (missing.length === 0) return;
  const name = modelName(family, size);
  const finalDir = path.join(outDir, name);
  const started = performance.now();
  log(`Generating ${name} (${missing.join(', ')}) into ${path.relative(process.cwd(), finalDir) || finalDir} …`);
  if (!existsSync(path.join(finalDir, 'config.json'))) {
    generateModel({ family, size, dtypes: missing, outDir });
  } else {
    const scratch = path.join(outDir, `.bench-${process.pid}`);
    try {
      generateModel({ family, size, dtypes: missing, outDir: scratch });
      mkdirSync(path.join(finalDir, 'onnx'), { recursive: true });
      for (const dtype of missing) {
        renameSync(path.join(scratch, name, 'onnx', ONNX_FILE[dtype]), path.join(finalDir, 'onnx', ONNX_FILE[dtype]));
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  log(`Generated in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}
