/**
 * Converts a Hugging Face GPT-2 / GPT-Neo checkpoint into the Hub layout the playground loads:
 * `config.json`, `generation_config.json`, tokenizer files and `onnx/model*.onnx` per dtype, built by
 * the same graph builder as the generator's models.
 *
 * Pure TypeScript over two interfaces, a {@link RepoReader} (Hub, disk, or a picked folder) and a
 * {@link ModelWriter}, so the CLI and a Web Worker share it. Each tensor is read when the writer
 * reaches it and quantized on the way out: memory stays near the largest tensor.
 */
import { buildOnnxModelParts } from '../onnx/build-model.ts';
import { writeParts, type Part } from '../onnx/protobuf-writer.ts';
import { ONNX_FILE, type Dtype, type ModelShape } from '../onnx/spec.ts';
import { openCheckpoint, planCheckpoint, type CheckpointFormat, type RepoReader } from './checkpoint.ts';
import { ConvertError } from './errors.ts';
import { parseConfigJson, shapeFromConfig, type HfConfig } from './hf-config.ts';
import { pythonJson, type Json } from './tokenizer-files.ts';
import { tokenizerOutput } from './tokenizer-output.ts';
import { weightSourceFromCheckpoint } from './weight-map.ts';

export type { RepoReader } from './checkpoint.ts';

/** A file being written; `close` is called once, also after a failure. */
export interface OutputFile {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Where the converted model goes: paths are relative to the model folder (`onnx/model.onnx`). */
export interface ModelWriter {
  writeText(path: string, text: string): Promise<void>;
  create(path: string): Promise<OutputFile>;
}

/** Progress of one output file: `done` of `total` bytes. */
export interface FileProgressEvent {
  readonly path: string;
  readonly done: number;
  readonly total: number;
}

export interface ConvertRequest {
  readonly repo: RepoReader;
  readonly writer: ModelWriter;
  readonly dtypes: readonly Dtype[];
  /** ONNX external data: only past 2 GB (`auto`, default) or for every large tensor (`always`). */
  readonly externalData?: 'auto' | 'always';
  /** Largest external data file; default just under 2 GiB. */
  readonly chunkBytes?: number;
  readonly onProgress?: (event: FileProgressEvent) => void;
  /** Called once per finished file. */
  readonly onFile?: (path: string, bytes: number) => void;
  /**
   * Tokenizer files to write instead of the repository's (file name -> text), for repos that ship
   * none and use another model's tokenizer (GPT-Neo and many GPT-2 fine-tunes use GPT-2's).
   */
  readonly tokenizerFiles?: (shape: ModelShape) => Readonly<Record<string, string>>;
}

export interface ConvertSummary {
  readonly shape: ModelShape;
  readonly checkpoint: { readonly format: CheckpointFormat; readonly files: readonly string[] };
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

const partBytes = (parts: readonly Part[]) => parts.reduce((sum, p) => sum + p.byteLength, 0);

/** `config.json` as the repository has it, telling transformers.js which ONNX files have external data. */
function outputConfig(config: HfConfig, external: Readonly<Record<string, number>>): string {
  if (Object.keys(external).length === 0) return pythonJson(config as Json);
  const jsConfig = typeof config['transformers.js_config'] === 'object' && config['transformers.js_config'] !== null ? config['transformers.js_config'] : {};
  return pythonJson({ ...config, 'transformers.js_config': { ...jsConfig, use_external_data_format: external } } as Json);
}

function generationConfig(config: HfConfig): string {
  const ids = Object.fromEntries(['bos_token_id', 'eos_token_id', 'pad_token_id'].flatMap((key) => (config[key] === undefined ? [] : [[key, config[key]]])));
  return pythonJson({ _from_model_config: true, ...ids } as Json);
}

function modelCard(name: string, shape: ModelShape, format: CheckpointFormat, files: readonly string[]): string {
  return [
    `# ${name} (ONNX, converted by GPT Playground)`,
    '',
    `Converted from the ${format} checkpoint of \`${name}\` by \`npm run models -- convert\`, with the same`,
    'graph builder as the playground\'s generated models (inputs, outputs and KV cache as Optimum exports them).',
    '',
    `- ${shape.family === 'gpt2' ? 'GPT-2' : 'GPT-Neo'}: layers ${shape.nLayer}, heads ${shape.nHead}, width ${shape.nEmbd}, context ${shape.nPositions}, vocabulary ${shape.vocabSize}`,
    `- files: ${files.join(', ')}`,
    '',
  ].join('\n');
}

/** Writes one dtype's ONNX file (and its external data files); returns path -> bytes written. */
async function writeOnnx(request: ConvertRequest, encoded: { parts: Part[]; dataFiles: readonly string[] }, modelFile: string): Promise<Map<string, number>> {
  const total = partBytes(encoded.parts);
  const label = `onnx/${modelFile}`;
  const outputs = new Map<string, OutputFile>();
  const sizes = new Map<string, number>();
  let done = 0;
  try {
    await writeParts(encoded.parts, async (file, bytes) => {
      const path = `onnx/${file ?? modelFile}`;
      let out = outputs.get(path);
      if (!out) {
        out = await request.writer.create(path);
        outputs.set(path, out);
      }
      await out.write(bytes);
      sizes.set(path, (sizes.get(path) ?? 0) + bytes.byteLength);
      done += bytes.byteLength;
      request.onProgress?.({ path: label, done, total });
    });
  } finally {
    for (const out of outputs.values()) await out.close();
  }
  return sizes;
}

/**
 * Converts `request.repo` into `request.writer`.
 * @throws ConvertError for anything the person can fix (wrong architecture, missing or damaged or
 *   unsafe weights, no tokenizer); the writer's own errors (disk full) pass through.
 */
export async function convertModel(request: ConvertRequest): Promise<ConvertSummary> {
  const { repo, writer } = request;
  if (request.dtypes.length === 0) throw new ConvertError('unsupported-model', 'No dtype asked for: give one or more of fp32, fp16, q8, q4.');
  if (!repo.files.has('config.json')) throw new ConvertError('missing-weights', `${repo.name} has no config.json, so it is not a transformers model.`);
  const config = parseConfigJson(await repo.readText('config.json'), repo.name);
  const shape = shapeFromConfig(config, repo.name);
  const plan = await planCheckpoint(repo);
  const weights = weightSourceFromCheckpoint(shape, await openCheckpoint(repo, plan), `${repo.name}/${plan.files.length === 1 ? plan.files[0] : plan.index?.file}`);
  const tokenizer = request.tokenizerFiles ? request.tokenizerFiles(shape) : await tokenizerOutput(repo, shape);
  if (!('tokenizer.json' in tokenizer)) throw new ConvertError('missing-tokenizer', 'The tokenizer files given have no tokenizer.json.');

  const written: { path: string; bytes: number }[] = [];
  const text = async (path: string, content: string) => {
    await writer.writeText(path, content);
    const bytes = new TextEncoder().encode(content).byteLength;
    written.push({ path, bytes });
    request.onFile?.(path, bytes);
  };
  for (const [path, content] of Object.entries(tokenizer)) await text(path, content);

  const external: Record<string, number> = {};
  for (const dtype of request.dtypes) {
    const modelFile = ONNX_FILE[dtype];
    const encoded = buildOnnxModelParts(weights, dtype, {
      fileName: modelFile,
      externalData: request.externalData ?? 'auto',
      ...(request.chunkBytes ? { chunkBytes: request.chunkBytes } : {}),
      producer: 'gpt-playground-converter',
      docString: `Converted from ${repo.name} (${plan.files.join(', ')}) by GPT Playground (npm run models -- convert).`,
    });
    if (encoded.dataFiles.length > 0) external[modelFile] = encoded.dataFiles.length;
    for (const [path, bytes] of await writeOnnx(request, encoded, modelFile)) {
      written.push({ path, bytes });
      request.onFile?.(path, bytes);
    }
  }
  const generation = repo.files.has('generation_config.json') ? await repo.readText('generation_config.json') : generationConfig(config);
  await text('generation_config.json', generation);
  await text('README.md', modelCard(repo.name, shape, plan.format, written.map((f) => f.path)));
  // config.json last: a folder without it is not a model, so an interrupted conversion is never mistaken for one.
  await text('config.json', outputConfig(config, external));
  return { shape, checkpoint: { format: plan.format, files: plan.files }, files: written };
}
