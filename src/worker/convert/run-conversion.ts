/**
 * The page's conversions, apart from the worker's request plumbing (convert-runner.ts): a Hub
 * checkpoint converted into the browser's Cache Storage, where a plain load finds it, and a
 * checkpoint folder picked from disk converted into Blobs the page then opens like any model folder.
 *
 * Before a Hub checkpoint's weights are downloaded, its size is checked: config.json (a few hundred
 * bytes) gives the parameter count, that gives the converted file's size, and a model that would
 * not fit this device's memory (engine/memory-fit.ts, the same rule as the model bar's warning) is
 * refused with the numbers, having downloaded nothing else.
 */
import { convertModel, type ConvertSummary, type ModelWriter } from '../../convert/convert.ts';
import { ConvertError } from '../../convert/errors.ts';
import { parseConfigJson } from '../../convert/hf-config.ts';
import type { ModelDtype } from '../../engine/backend-support.ts';
import { estimatedModelBytes } from '../../engine/catalog.ts';
import { repoContents } from '../../engine/checkpoint-files.ts';
import { dimensionsFromConfig, gptParameterCount } from '../../engine/gpt-parameters.ts';
import { memoryFit } from '../../engine/memory-fit.ts';
import type { DiskFile } from '../disk-model-host.ts';
import { collectingWriter } from './blob-writer.ts';
import { cacheWriter, type CacheLike } from './cache-writer.ts';
import { fileRepo } from './file-repo.ts';
import { hubRepo, listHubRepo } from './hub-repo.ts';

/** Progress of one file: a checkpoint file being downloaded, or an output file being written. */
export interface ConversionProgress {
  readonly phase: 'download' | 'convert';
  readonly file: string;
  readonly done: number;
  readonly total: number;
}

/** Refused before downloading: the converted model would not fit this device's memory. */
export class ConversionTooLargeError extends Error {
  override readonly name = 'ConversionTooLargeError';
  constructor(
    readonly modelId: string,
    readonly dtype: ModelDtype,
    /** The converted file's estimated size. */
    readonly weightBytes: number,
    /** What loading it needs at its peak. */
    readonly needBytes: number,
    readonly deviceBytes: number,
  ) {
    super(`${modelId} in ${dtype} is about ${Math.round(weightBytes / 1e6)} MB; loading it needs about ${Math.round(needBytes / 1e6)} MB, and this device has ${Math.round(deviceBytes / 1e6)} MB in all.`);
  }
}

/** The files a conversion wrote, by path, with their sizes. */
export interface ConversionOutput {
  readonly summary: ConvertSummary;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

/** Ends the conversion at its next read or write once `signal` is aborted. */
function abortable(writer: ModelWriter, signal: AbortSignal | undefined): ModelWriter {
  if (!signal) return writer;
  return {
    async writeText(path, text) {
      signal.throwIfAborted();
      await writer.writeText(path, text);
    },
    async create(path) {
      signal.throwIfAborted();
      const file = await writer.create(path);
      return {
        async write(bytes) {
          signal.throwIfAborted();
          await file.write(bytes);
        },
        close: () => file.close(),
      };
    },
  };
}

export interface HubConversion {
  readonly modelId: string;
  /** A classroom mirror with the Hub's layout; the Hub when undefined. */
  readonly host: string | undefined;
  readonly dtypes: readonly ModelDtype[];
  /** `navigator.deviceMemory` as the page read it; undefined where the browser does not say. */
  readonly deviceMemoryGb: number | undefined;
  readonly cache: CacheLike;
  /** The app's origin: the converted files are stored under `<origin>/models/<id>/`. */
  readonly origin: string;
  readonly onProgress: (p: ConversionProgress) => void;
  readonly signal?: AbortSignal;
  readonly fetchImpl?: typeof fetch;
}

/**
 * Lists, checks and converts a Hub checkpoint into the cache.
 * @throws WorkerError `model_not_found` / `network` (the listing), ConvertError (no checkpoint,
 *   another architecture, damaged weights, storage refused), ConversionTooLargeError.
 */
export async function convertHubCheckpoint(job: HubConversion): Promise<ConversionOutput> {
  const fetchImpl: typeof fetch = (input, init) => (job.fetchImpl ?? fetch)(input, { ...init, signal: job.signal ?? null });
  const listing = await listHubRepo(job.modelId, job.host, fetchImpl);
  const contents = repoContents(listing.files);
  if (!contents.checkpoint) {
    throw new ConvertError('missing-weights', `${job.modelId} has no config.json with model.safetensors or pytorch_model.bin, so there is nothing to convert.`);
  }
  const repo = hubRepo(listing, (file, done, total) => job.onProgress({ phase: 'download', file, done, total }), fetchImpl);
  const dims = dimensionsFromConfig(parseConfigJson(await repo.readText('config.json'), job.modelId));
  if (dims) {
    const parameters = gptParameterCount(dims);
    for (const dtype of job.dtypes) {
      const weightBytes = estimatedModelBytes(parameters, dtype);
      const fit = memoryFit(weightBytes, job.deviceMemoryGb);
      if (!fit.fits) throw new ConversionTooLargeError(job.modelId, dtype, weightBytes, fit.needBytes, fit.deviceBytes);
    }
  }
  const writer = cacheWriter(job.cache, job.origin, job.modelId);
  try {
    const summary = await convertModel({
      repo,
      writer: abortable(writer, job.signal),
      dtypes: job.dtypes,
      onProgress: (p) => job.onProgress({ phase: 'convert', file: p.path, done: p.done, total: p.total }),
    });
    return { summary, files: writer.stored.map(({ path, bytes }) => ({ path, bytes })) };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

export interface FolderConversion {
  /** The folder's name, for messages. */
  readonly name: string;
  /** Its files, paths inside the checkpoint's folder. */
  readonly files: readonly DiskFile[];
  readonly dtypes: readonly ModelDtype[];
  readonly onProgress: (p: ConversionProgress) => void;
  readonly signal?: AbortSignal;
}

/** Converts a checkpoint folder from disk into Blobs (a model folder the page can open). */
export async function convertCheckpointFolder(job: FolderConversion): Promise<{ summary: ConvertSummary; files: DiskFile[] }> {
  const { writer, files } = collectingWriter();
  const summary = await convertModel({
    repo: fileRepo(job.name, job.files),
    writer: abortable(writer, job.signal),
    dtypes: job.dtypes,
    onProgress: (p) => job.onProgress({ phase: 'convert', file: p.path, done: p.done, total: p.total }),
  });
  return { summary, files: [...files].map(([path, file]) => ({ path, file })) };
}
