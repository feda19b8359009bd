/**
 * The models in a models folder (`public/models/<id>/`): which there are, with which dtypes and
 * how much disk they take, and removing one. A model folder is one with a config.json, one or two
 * levels deep (`gpt2`, `Xenova/distilgpt2`).
 */
import { existsSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Dtype } from '../../src/onnx/spec.ts';
import { HubError } from './errors.ts';
import { dtypesWithStem, stemOf } from './hub-files.ts';

/** One part of an id: what the Hub allows in an owner or repository name. */
const ID_PART = /^[A-Za-z0-9][\w.-]*$/;

/**
 * Checks a model id before it becomes a path: one or two parts of letters, digits, `-`, `_`, `.`;
 * no absolute paths and no `..`, so nothing outside the models folder can be named.
 */
export function checkModelId(id: string): string {
  const hint = 'Give a model id such as Xenova/distilgpt2.';
  if (path.isAbsolute(id) || id.startsWith('/') || id.includes('\\')) {
    throw new HubError('bad-id', `"${id}" is a path, not a model id. ${hint}`);
  }
  if (id.includes('..')) {
    throw new HubError('bad-id', `"${id}" contains "..", which a model id may not. ${hint}`);
  }
  const parts = id.split('/');
  if (parts.length > 2 || !parts.every((part) => ID_PART.test(part))) {
    throw new HubError('bad-id', `"${id}" is not a model id. ${hint}`);
  }
  return id;
}

/** The folder of model `id` under `outDir` (the id checked first). */
export function modelDir(outDir: string, id: string): string {
  return path.join(outDir, ...checkModelId(id).split('/'));
}

export interface LocalModel {
  readonly id: string;
  readonly dtypes: readonly Dtype[];
  /** Every file in the folder, `.part` files included. */
  readonly bytes: number;
  /** Files of an unfinished download (`*.part`), which a rerun of `download` resumes. */
  readonly partFiles: number;
}

function filesUnder(dir: string): { relative: string; bytes: number }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { relative: path.relative(dir, full).split(path.sep).join('/'), bytes: statSync(full).size };
    });
}

function describe(outDir: string, id: string): LocalModel {
  const files = filesUnder(path.join(outDir, id));
  const paths = new Set(files.map((file) => file.relative));
  return {
    id,
    dtypes: dtypesWithStem(paths, stemOf(paths)),
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    partFiles: files.filter((file) => file.relative.endsWith('.part')).length,
  };
}

const subfolders = (dir: string) =>
  readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name);

/** The models under `outDir`, sorted by id; an empty list when the folder does not exist. */
export function listModels(outDir: string): LocalModel[] {
  if (!existsSync(outDir)) return [];
  const ids: string[] = [];
  for (const first of subfolders(outDir)) {
    if (existsSync(path.join(outDir, first, 'config.json'))) {
      ids.push(first);
      continue;
    }
    for (const second of subfolders(path.join(outDir, first))) {
      // A download that stopped before config.json still shows, so it can be resumed or removed.
      const dir = path.join(outDir, first, second);
      if (existsSync(path.join(dir, 'config.json')) || filesUnder(dir).some((f) => f.relative.endsWith('.part'))) {
        ids.push(`${first}/${second}`);
      }
    }
  }
  return ids.sort().map((id) => describe(outDir, id));
}

/**
 * Deletes the folder of model `id`, and its owner folder (`Xenova/`) when that is left empty.
 * Returns the bytes freed. Never deletes `outDir` itself.
 */
export function removeModel(outDir: string, id: string): number {
  const dir = modelDir(outDir, id);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new HubError('not-found', `There is no model ${id} in ${outDir}. See the ones there with: npm run models -- list`);
  }
  const { bytes } = describe(outDir, id);
  rmSync(dir, { recursive: true });
  const owner = path.dirname(dir);
  if (path.resolve(owner) !== path.resolve(outDir) && readdirSync(owner).length === 0) {
    rmdirSync(owner);
  }
  return bytes;
}
