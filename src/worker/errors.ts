/**
 * Turns whatever a library throws into `{ name, code, message }` with a message a person can act
 * on. The library's own words go into `detail`.
 */
import { isLocalModelId } from '../engine/catalog.ts';
import { DecodeRequestError } from '../engine/decode-loop.ts';
import { SamplingError } from '../engine/sampling-error.ts';
import type { ErrorCode, ErrorContext, WorkerErrorInfo } from './protocol.ts';

export type { ErrorContext };

/** An error we raise ourselves, already with a code and a good message. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

interface Rule {
  readonly code: ErrorCode;
  readonly test: RegExp;
  readonly message: (context: ErrorContext) => string;
}


const model = (c: ErrorContext) => (c.modelId ? `“${c.modelId}”` : 'the model');

const RULES: readonly Rule[] = [
  {
    code: 'model_not_found',
    test: /ModelFileNotFound|not found|404|Could not locate|does not exist|reading 'tokenizer_class'/i,
    message: (c) =>
      `Model ${model(c)} was not found${c.dtype && c.dtype !== 'auto' ? ` with dtype ${c.dtype}` : ''}. Check the id${c.dtype && c.dtype !== 'auto' ? ' and the dtype' : ''}; local models are generated with npm run models:generate.`,
  },
  {
    code: 'unsupported_dtype',
    test: /does not support fp16|shader-f16|not supported.*(dtype|type)|Invalid dtype/i,
    message: (c) => `${c.device === 'webgpu' ? 'WebGPU' : c.device === 'wasm' ? 'WASM' : 'This backend'} cannot run ${model(c)} in ${c.dtype ?? 'this dtype'}. Pick another dtype (fp32, q8 or q4) or the other backend.`,
  },
  {
    code: 'out_of_memory',
    test: /out of memory|Array buffer allocation failed|Cannot allocate|OOM|device (was )?lost|exceeds the maximum|memory access out of bounds/i,
    message: (c) => `The browser ran out of memory for ${model(c)}. Pick a smaller dtype (q4 or q8), fewer panels, or a smaller model, then load again.`,
  },
  {
    code: 'corrupt_model',
    test: /protobuf|Failed to load model|invalid model|ONNX format|parse|Unexpected token|JSON|corrupt|invalid wire type|model_path must not be empty/i,
    message: (c) => `A file of ${model(c)} is damaged or is not what it should be. Delete the model's files (or clear the browser's cache) and download or generate it again.`,
  },
  {
    code: 'network',
    test: /Failed to fetch|NetworkError|network|ECONNREFUSED|ENOTFOUND|fetch failed|Load failed|allowRemoteModels=false/i,
    message: (c) => `Could not download ${model(c)}: the network or the model host is unreachable. Check the connection, or use a model served by this page (local/…).`,
  },
];

function describe(error: unknown): { name: string; text: string } {
  if (error instanceof Error) return { name: error.name, text: `${error.name}: ${error.message}` };
  return { name: 'Error', text: String(error) };
}

/** The boundary form of any thrown value. */
export function toWorkerError(error: unknown, context: ErrorContext = {}): WorkerErrorInfo {
  const info = classify(error, context);
  return Object.keys(context).length > 0 ? { ...info, context } : info;
}

function classify(error: unknown, context: ErrorContext): WorkerErrorInfo {
  if (error instanceof WorkerError) return { name: error.name, code: error.code, message: error.message, detail: error.detail };
  if (error instanceof SamplingError) {
    return { name: error.name, code: error.code === 'nan_logits' ? 'nan_logits' : 'sampling_failed', message: error.message, detail: error.code };
  }
  if (error instanceof DecodeRequestError) return { name: error.name, code: error.code, message: error.message, detail: null };
  const { name, text } = describe(error);
  // A Hub model in offline mode: not missing from the Hub, only kept off it.
  if (context.offline && context.modelId && !isLocalModelId(context.modelId) && /allowRemoteModels=false|not found locally/i.test(text)) {
    return {
      name,
      code: 'offline_unavailable',
      message: `${model(context)} is neither stored in this browser nor served by this page, and offline mode keeps loads off the Hub. Turn offline mode off to download it, or pick a stored model.`,
      detail: text,
    };
  }
  const rule = RULES.find((r) => r.test.test(text));
  if (!rule) {
    return { name, code: 'internal', message: `Something went wrong in the model worker: ${text}. Load the model again; if it repeats, report it with this message.`, detail: text };
  }
  return { name, code: rule.code, message: rule.message(context), detail: text };
}
