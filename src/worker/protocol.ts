/**
 * The messages between the page and the model worker: one union per direction, keyed on `type`.
 * Every request carries a `requestId` and ends with exactly one `done` or `error`; `load_progress`,
 * `ready` and `tokens` stream in between. Types only.
 */
import type { StorageOutcome } from './recording-cache.ts';
import type { ModelDtype } from '../engine/backend-support.ts';
import type { DecodeReport, FinishReason, PanelSpec } from '../engine/decode-loop.ts';
import type { SamplingStep } from '../engine/types.ts';
import type { GpuProbe } from './gpu-probe.ts';

export type RequestId = string;

/** `auto`: WebGPU when the browser offers an adapter, else WASM. */
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';

export interface LoadRequest {
  readonly type: 'load';
  readonly requestId: RequestId;
  /** Hub id (`onnx-community/gpt2-ONNX`) or a model served by the app (`local/gpt2-tiny`). */
  readonly modelId: string;
  /** `auto`: the model's default for the backend (q8 on WASM, fp32 on WebGPU; never fp16 without shader-f16). */
  readonly dtype: ModelDtype | 'auto';
  readonly device: DevicePreference;
  /** ONNX file stem when not `model` (older Xenova exports: `decoder_model_merged`). */
  readonly modelFileName?: string;
  /** Never contact the Hub: only models served by the app. */
  readonly offline?: boolean;
}

export interface GenerateRequest {
  readonly type: 'generate';
  readonly requestId: RequestId;
  readonly prompt: string;
  /** 1 to 4 panels; they share the prompt and the model and run as one batch. */
  readonly panels: readonly PanelSpec[];
}

export interface StopRequest {
  readonly type: 'stop';
  readonly requestId: RequestId;
  /** The generate request to stop. */
  readonly target: RequestId;
  /** One panel's index, or null for all of them. */
  readonly panel: number | null;
}

export interface DisposeRequest {
  readonly type: 'dispose';
  readonly requestId: RequestId;
}

export type ToWorker = LoadRequest | GenerateRequest | StopRequest | DisposeRequest;

/** Bytes of one file of a model being loaded. */
export interface LoadProgress {
  readonly type: 'load_progress';
  readonly requestId: RequestId;
  readonly file: string;
  /** Bytes so far; on the `done` message, the file's size as last reported. */
  readonly loaded: number;
  /** null while the server has not said. */
  readonly total: number | null;
  readonly done: boolean;
}

export interface LoadedModel {
  readonly modelId: string;
  readonly dtype: ModelDtype;
  /** The backend actually in use. */
  readonly device: 'webgpu' | 'wasm';
  /** Why the preferred backend was not used; null when it was. */
  readonly fallbackReason: string | null;
  /** The WebGPU adapter the worker sees, whatever the device. */
  readonly adapter: GpuProbe;
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly eosTokenId: number;
  readonly loadMs: number;
  /** The warm-up forward pass, so the first real token does not pay for shader compilation. */
  readonly warmupMs: number;
  /** Whether the browser kept the model's files for the next visit. */
  readonly storage: StorageOutcome;
}

export interface Ready {
  readonly type: 'ready';
  readonly requestId: RequestId;
  readonly model: LoadedModel;
}

/** A generated token with everything the UI shows about it. */
export interface TokenSnapshot {
  readonly index: number;
  readonly step: SamplingStep;
  readonly tokenText: string;
  readonly textDelta: string;
  /** Each of `step.topCandidates` decoded alone, aligned with it, for the token popover. */
  readonly candidateTexts: readonly string[];
}

/** Tokens of one or more panels, batched so a fast model does not send a message per token. */
export interface Tokens {
  readonly type: 'tokens';
  readonly requestId: RequestId;
  readonly panels: readonly { readonly panel: number; readonly tokens: readonly TokenSnapshot[] }[];
}

export interface GenerationResult extends Omit<DecodeReport, 'panels'> {
  /** Each prompt token decoded alone, aligned with `promptIds`, for showing the prompt as chips. */
  readonly promptTokenTexts: readonly string[];
  readonly panels: readonly { readonly finishReason: FinishReason; readonly generatedTokens: number; readonly text: string }[];
}

export type Done =
  | { readonly type: 'done'; readonly requestId: RequestId; readonly request: 'load' | 'stop' | 'dispose' }
  | { readonly type: 'done'; readonly requestId: RequestId; readonly request: 'generate'; readonly result: GenerationResult };

export const ERROR_CODES = [
  'model_not_found',
  'offline_unavailable',
  'unsupported_dtype',
  'backend_unavailable',
  'out_of_memory',
  'network',
  'corrupt_model',
  'context_exceeded',
  'no_model_loaded',
  'invalid_request',
  'nan_logits',
  'sampling_failed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses the boundary: a code to branch on and a message a person can act on. */
export interface WorkerErrorInfo {
  readonly name: string;
  readonly code: ErrorCode;
  readonly message: string;
  /** The library's own words, for the curious and for bug reports. */
  readonly detail: string | null;
  /** What was being loaded, so the page can name it in its own language. */
  readonly context?: ErrorContext;
}

/** The request an error belongs to. */
export interface ErrorContext {
  readonly modelId?: string;
  readonly dtype?: string;
  readonly device?: string;
  /** The load was kept off the Hub (offline mode, or a model the page serves). */
  readonly offline?: boolean;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly requestId: RequestId;
  readonly error: WorkerErrorInfo;
}

export type FromWorker = LoadProgress | Ready | Tokens | Done | ErrorMessage;

/** For the `default:` of every switch over a message union: a new member is a compile error. */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
