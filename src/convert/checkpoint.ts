/**
 * Finds a repository's weights and opens them as one list of tensors: `model.safetensors`, sharded
 * safetensors (`model.safetensors.index.json`), `pytorch_model.bin`, or sharded bins
 * (`pytorch_model.bin.index.json`), preferred in that order (safetensors cannot run code).
 */
import type { ByteSource } from './byte-source.ts';
import { ConvertError } from './errors.ts';
import { parseSafetensorsIndex, readSafetensors } from './safetensors.ts';
import type { StoredTensor } from './tensor-data.ts';
import { readTorchCheckpoint } from './torch-checkpoint.ts';

/** A model repository: a Hub repo, a folder on disk, or a folder picked in the page. */
export interface RepoReader {
  /** The hub id or folder, for messages. */
  readonly name: string;
  /** The paths the repository has (`config.json`, `onnx/model.onnx`…). */
  readonly files: ReadonlySet<string>;
  readText(path: string): Promise<string>;
  open(path: string): Promise<ByteSource>;
}

export type CheckpointFormat = 'safetensors' | 'pytorch';

export interface CheckpointPlan {
  readonly format: CheckpointFormat;
  /** The weight files to read, in order (one, or the shards). */
  readonly files: readonly string[];
  /** For shards: the index file, and which shard each tensor is in. */
  readonly index: { readonly file: string; readonly weightMap: ReadonlyMap<string, string> } | null;
}

const CANDIDATES = [
  { format: 'safetensors', single: 'model.safetensors', index: 'model.safetensors.index.json' },
  { format: 'pytorch', single: 'pytorch_model.bin', index: 'pytorch_model.bin.index.json' },
] as const;

/** Which weight files to read; throws `missing-weights` when there are none. */
export async function planCheckpoint(repo: Pick<RepoReader, 'name' | 'files' | 'readText'>): Promise<CheckpointPlan> {
  for (const candidate of CANDIDATES) {
    if (repo.files.has(candidate.index)) {
      const { weightMap, files } = parseSafetensorsIndex(await repo.readText(candidate.index), `${repo.name}/${candidate.index}`);
      const absent = files.filter((file) => !repo.files.has(file));
      if (absent.length > 0) {
        throw new ConvertError('missing-weights', `${repo.name}: ${candidate.index} names ${absent.join(', ')}, which the repository does not have. Download it again.`);
      }
      return { format: candidate.format, files, index: { file: candidate.index, weightMap } };
    }
    if (repo.files.has(candidate.single)) return { format: candidate.format, files: [candidate.single], index: null };
  }
  const others = [...repo.files].filter((f) => /\.(h5|msgpack|ckpt|pt|pth|gguf|onnx)$/.test(f));
  const hint = others.length > 0 ? ` It has ${others.slice(0, 4).join(', ')}, which the converter does not read.` : '';
  throw new ConvertError('missing-weights', `${repo.name} has no model.safetensors or pytorch_model.bin (nor a sharded index of them).${hint}`);
}

/** The tensors of every weight file of `plan`; a tensor the index puts in another shard is skipped. */
export async function openCheckpoint(repo: RepoReader, plan: CheckpointPlan): Promise<StoredTensor[]> {
  const tensors: StoredTensor[] = [];
  for (const file of plan.files) {
    const source = await repo.open(file);
    const inFile = plan.format === 'safetensors' ? await readSafetensors(source) : await readTorchCheckpoint(source);
    const mapped = plan.index?.weightMap;
    tensors.push(...inFile.filter((t) => !mapped || (mapped.get(t.name) ?? file) === file));
  }
  if (plan.index) {
    const found = new Set(tensors.map((t) => t.name));
    const lost = [...plan.index.weightMap.keys()].filter((name) => !found.has(name));
    if (lost.length > 0) {
      throw new ConvertError('damaged-file', `${repo.name}: ${plan.index.file} puts ${lost.slice(0, 3).join(', ')} in shards that do not hold them. Download the checkpoint again.`);
    }
  }
  return tensors;
}
