/**
 * Turns whatever a library throws into the boundary's `{ name, code, params, detail }`: a code
 * from a string union, the parameters the page needs to word it (its sentences live in the i18n
 * catalogs, src/ui/i18n, once), and the library's own words in `detail`. No sentence is written
 * here: a Node log or a test reads the code and the parameters.
 */
import { isLocalModelId } from '../engine/catalog.ts';
import { DecodeRequestError } from '../engine/decode-loop.ts';
import { SamplingError } from '../engine/sampling-error.ts';
import type { ErrorCode, ErrorParams, WorkerErrorInfo } from './protocol.ts';

/** An error we raise ourselves, already with its code and parameters. */
export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(
    readonly code: ErrorCode,
    readonly params: ErrorParams = {},
    readonly detail: string | null = null,
  ) {
    // For Node logs and stack traces only: the code and its parameters, never a sentence.
    super(`${code} ${JSON.stringify(params)}`);
  }
}

/** Library failures by what their text says. */
const RULES: readonly { readonly code: ErrorCode; readonly test: RegExp }[] = [
  { code: 'model_not_found', test: /ModelFileNotFound|not found|404|Could not locate|does not exist|reading 'tokenizer_class'/i },
  { code: 'unsupported_dtype', test: /does not support fp16|shader-f16|not supported.*(dtype|type)|Invalid dtype/i },
  { code: 'out_of_memory', test: /out of memory|Array buffer allocation failed|Cannot allocate|OOM|device (was )?lost|exceeds the maximum|memory access out of bounds/i },
  // JSON.parse of a web page: `Unexpected token '<', "<!doctype "... is not valid JSON` (a server's index.html, not a damaged file).
  { code: 'not_a_model_file', test: /Unexpected token '?<'?|"<!doctype|"<html/i },
  {
    code: 'corrupt_model',
    test: /protobuf|Failed to load model|invalid model|ONNX format|parse|Unexpected token|JSON|corrupt|invalid wire type|model_path must not be empty/i,
  },
  { code: 'network', test: /Failed to fetch|NetworkError|network|ECONNREFUSED|ENOTFOUND|fetch failed|Load failed|allowRemoteModels=false/i },
];

function describe(error: unknown): { name: string; text: string } {
  if (error instanceof Error) return { name: error.name, text: `${error.name}: ${error.message}` };
  return { name: 'Error', text: String(error) };
}

/**
 * The boundary form of any thrown value. `context` (the request's model, dtype, backend) goes
 * into the parameters, under what the error itself says.
 */
export function toWorkerError(error: unknown, context: ErrorParams = {}): WorkerErrorInfo {
  const info = classify(error, context);
  return { ...info, params: { ...context, ...info.params } };
}

function classify(error: unknown, context: ErrorParams): WorkerErrorInfo {
  if (error instanceof WorkerError) return { name: error.name, code: error.code, params: error.params, detail: error.detail };
  if (error instanceof SamplingError) {
    return { name: error.name, code: error.code === 'nan_logits' ? 'nan_logits' : 'sampling_failed', params: {}, detail: `${error.code}: ${error.message}` };
  }
  if (error instanceof DecodeRequestError) return { name: error.name, code: error.code, params: {}, detail: error.message };
  const { name, text } = describe(error);
  // A Hub model in offline mode: not missing from the Hub, only kept off it.
  if (context.offline && context.modelId && !isLocalModelId(context.modelId) && /allowRemoteModels=false|not found locally/i.test(text)) {
    return { name, code: 'offline_unavailable', params: {}, detail: text };
  }
  const rule = RULES.find((r) => r.test.test(text));
  return { name, code: rule?.code ?? 'internal', params: {}, detail: text };
}
