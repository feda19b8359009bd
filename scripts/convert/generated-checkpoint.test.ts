// The converter maps transformers' names and layouts onto the graph exactly: generated weights saved
// as a transformers-style safetensors checkpoint convert back into the generator's own ONNX files,
// byte for byte, for both families and every dtype.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCheckpoint, planCheckpoint } from '../../src/convert/checkpoint.ts';
import { parseConfigJson, shapeFromConfig } from '../../src/convert/hf-config.ts';
import { weightSourceFromCheckpoint } from '../../src/convert/weight-map.ts';
import { buildOnnxModel, buildOnnxModelParts } from '../../src/onnx/build-model.ts';
import { writeParts } from '../../src/onnx/protobuf-writer.ts';
import { DTYPES, FAMILIES } from '../../src/onnx/spec.ts';
import { generateWeights, tinyShape } from '../models/weights.ts';
import { writeGeneratedCheckpoint } from './generated-checkpoint.ts';
import { folderRepo } from './node-files.ts';

const root = mkdtempSync(path.join(tmpdir(), 'gpt-playground-generated-ckpt-'));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(FAMILIES)('%s', (family) => {
  it.each(DTYPES)('%s: converting the saved checkpoint gives the generator’s model', async (dtype) => {
    const dir = writeGeneratedCheckpoint(family, 'tiny', 5, path.join(root, `${family}-${dtype}`));
    const repo = await folderRepo(dir);
    const shape = shapeFromConfig(parseConfigJson(await repo.readText('config.json'), dir), dir);
    // GPT-2's config has no window (it has no local layers); the generator's shape carries an unused one.
    expect({ ...shape, windowSize: 0 }).toEqual({ ...tinyShape(family), windowSize: 0 });
    const source = weightSourceFromCheckpoint(shape, await openCheckpoint(repo, await planCheckpoint(repo)), dir);
    const chunks: Uint8Array[] = [];
    await writeParts(buildOnnxModelParts(source, dtype).parts, (_, bytes) => void chunks.push(bytes.slice()));
    expect(Buffer.concat(chunks).equals(buildOnnxModel(generateWeights(tinyShape(family), 5), dtype))).toBe(true);
  });
});
