/**
 * Writes a generated model folder in the Hugging Face Hub's layout:
 *
 *   <out>/<name>/config.json, generation_config.json, tokenizer.json, tokenizer_config.json,
 *               special_tokens_map.json, vocab.json, merges.txt, README.md,
 *               onnx/model.onnx, model_fp16.onnx, model_quantized.onnx, model_q4.onnx
 *
 * Everything is written into a temporary sibling folder first and renamed into place at the end,
 * so a failure never leaves a half-written model behind.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { generationConfig, modelCard, modelConfig } from './config-files.ts';
import { buildOnnxModelParts } from '../../src/onnx/build-model.ts';
import { writePartsSync, type Part } from '../../src/onnx/protobuf-writer.ts';
import { DTYPES, FAMILIES, ONNX_FILE, type Dtype, type Family, type ModelShape } from '../../src/onnx/spec.ts';
import { buildTokenizerFiles } from './tokenizer.ts';
import { generateWeights, makeShape, shapeForSize, SIZES, type Size } from './weights.ts';

export const DEFAULT_SEED = 42;

export interface ShapeOverrides {
  readonly nLayer?: number;
  readonly nHead?: number;
  readonly nEmbd?: number;
  readonly nPositions?: number;
  readonly windowSize?: number;
}

export interface GenerateRequest {
  readonly family: Family;
  readonly size: Size;
  readonly dtypes: readonly Dtype[];
  /** The folder that receives `<name>/`. */
  readonly outDir: string;
  readonly seed?: number;
  /** Changes to the named size's shape (a custom model); the folder name then spells the shape out. */
  readonly overrides?: ShapeOverrides;
  /** Called as each file is written, for progress output. */
  readonly onFile?: (file: string, bytes: number) => void;
}

/**
 * Folder name of a generated model: `gpt2-tiny`, `gpt-neo-tiny`, `gpt2-124m`, `gpt-neo-124m`,
 * or for a custom shape `gpt2-l2-h4-e64-p256` (GPT-Neo adds `-w16`).
 */
export function modelName(family: Family, size: Size, overrides?: ShapeOverrides): string {
  const familySlug = family === 'gpt2' ? 'gpt2' : 'gpt-neo';
  if (overrides && Object.values(overrides).some((v) => v !== undefined)) {
    const s = resolveShape(family, size, overrides);
    const window = family === 'gpt_neo' ? `-w${s.windowSize}` : '';
    return `${familySlug}-l${s.nLayer}-h${s.nHead}-e${s.nEmbd}-p${s.nPositions}${window}`;
  }
  const sizeSlug = size === 'gpt2-124m' ? '124m' : size;
  return `${familySlug}-${sizeSlug}`;
}

/** The named size's shape with `overrides` applied, validated (a width must split into heads). */
export function resolveShape(family: Family, size: Size, overrides: ShapeOverrides = {}): ModelShape {
  const base = shapeForSize(family, size);
  try {
    return makeShape({
      family,
      nLayer: overrides.nLayer ?? base.nLayer,
      nHead: overrides.nHead ?? base.nHead,
      nEmbd: overrides.nEmbd ?? base.nEmbd,
      nPositions: overrides.nPositions ?? base.nPositions,
      windowSize: overrides.windowSize ?? base.windowSize,
    });
  } catch (error) {
    throw new GenerateError((error as Error).message);
  }
}

/** Thrown for requests that cannot be carried out; the message says what to do instead. */
export class GenerateError extends Error {
  override readonly name = 'GenerateError';
}

function oneOf<T extends string>(kind: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new GenerateError(`Unknown ${kind} "${value}". Use one of: ${allowed.join(', ')}.`);
  }
  return value as T;
}

export const parseFamily = (value: string): Family => oneOf('family', value, FAMILIES);
export const parseDtype = (value: string): Dtype => oneOf('dtype', value, DTYPES);
export const parseSize = (value: string): Size => oneOf('size', value, SIZES);

function writeModelFile(file: string, parts: Part[]): number {
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    writePartsSync(parts, (external, chunk) => {
      if (external !== null) throw new Error(`Generated models keep their weights inside the .onnx file, not in ${external}.`);
      bytes += writeSync(fd, chunk);
    });
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function describeFsError(error: unknown, folder: string): GenerateError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOTDIR' ? 'a part of that path is a file, not a folder'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'EROFS' ? 'the file system is read-only'
    : String((error as Error).message ?? error);
  return new GenerateError(`Cannot write the model into ${folder}: ${reason}. Choose another output folder (--out).`);
}

/** Generates one model folder and returns its path. */
export function generateModel(request: GenerateRequest): string {
  const family = parseFamily(request.family);
  const size = parseSize(request.size);
  const dtypes = request.dtypes.map((d) => parseDtype(d));
  if (dtypes.length === 0) throw new GenerateError('No dtype requested. Use one or more of: ' + DTYPES.join(', ') + '.');
  const seed = request.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new GenerateError(`The seed must be an integer, got ${seed}.`);

  const shape = resolveShape(family, size, request.overrides);
  const name = modelName(family, size, request.overrides);
  const outDir = path.resolve(request.outDir);
  const finalDir = path.join(outDir, name);
  const tempDir = path.join(outDir, `.${name}.partial-${process.pid}`);

  try {
    mkdirSync(path.join(tempDir, 'onnx'), { recursive: true });
  } catch (error) {
    throw describeFsError(error, outDir);
  }
  try {
    const write = (relative: string, content: string | Part[]) => {
      const file = path.join(tempDir, relative);
      const bytes = typeof content === 'string' ? (writeFileSync(file, content), Buffer.byteLength(content)) : writeModelFile(file, content);
      request.onFile?.(relative, bytes);
    };
    const onnxFiles = dtypes.map((d) => `onnx/${ONNX_FILE[d]}`);
    write('config.json', JSON.stringify(modelConfig(shape, seed), null, 2) + '\n');
    write('generation_config.json', JSON.stringify(generationConfig(), null, 2) + '\n');
    for (const [file, text] of Object.entries(buildTokenizerFiles({ modelMaxLength: shape.nPositions }))) write(file, text);
    write('README.md', modelCard(name, shape, seed, onnxFiles));
    const weights = generateWeights(shape, seed);
    for (const dtype of dtypes) write(`onnx/${ONNX_FILE[dtype]}`, buildOnnxModelParts(weights, dtype, { externalData: 'never' }).parts);
    if (existsSync(finalDir)) rmSync(finalDir, { recursive: true, force: true });
    renameSync(tempDir, finalDir);
  } catch (error) {
    rmSync(tempDir, { recursive: true, force: true });
    if (error instanceof GenerateError) throw error;
    if ((error as NodeJS.ErrnoException).code) throw describeFsError(error, outDir);
    throw error;
  }
  return finalDir;
}

/** True when the folder holds every file a request would write (used to skip work that is done). */
export function modelIsComplete(outDir: string, family: Family, size: Size, dtypes: readonly Dtype[], overrides?: ShapeOverrides): boolean {
  const dir = path.join(outDir, modelName(family, size, overrides));
  const required = ['config.json', 'tokenizer.json', ...dtypes.map((d) => `onnx/${ONNX_FILE[d]}`)];
  return required.every((file) => existsSync(path.join(dir, file)));
}
