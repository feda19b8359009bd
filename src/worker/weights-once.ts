/**
 * Every ONNX Runtime Web session created from a model's bytes gets its weights handed over once:
 * the bytes are offered to ONNX Runtime as the model's own external data, behind a small ModelProto
 * that points into them (src/onnx/external-weights.ts), so the runtime copies each tensor straight
 * into its place instead of copying the whole file into the WebAssembly heap and parsing the
 * weights out of that copy. The peak memory of a load falls by about the size of the model file
 * (docs/speed.md, "Weights handed over once").
 *
 * transformers.js creates its sessions through `InferenceSession.create` of the module imported
 * here (the same instance its web build imports), so wrapping that one function covers every
 * model the worker loads. Browser only: Node's onnxruntime-node never goes through it.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { externalizeWeights } from '../onnx/external-weights.ts';

/** The external data file's name: a path no model of ours or of the Hub uses. */
export const INLINE_WEIGHTS_FILE = 'gpt-playground-inline-weights.bin';

type Create = typeof ort.InferenceSession.create;
type Options = ort.InferenceSession.SessionOptions;

let installed = false;

/** A session from `model`'s bytes, their weights offered as external data when they can be. */
export async function createWithWeightsOnce(create: Create, model: Uint8Array, options: Options | undefined): Promise<ort.InferenceSession> {
  const rewritten = externalizeWeights(model, INLINE_WEIGHTS_FILE);
  if (!rewritten) return create(model, options);
  const externalData = [...(options?.externalData ?? []), { path: INLINE_WEIGHTS_FILE, data: model }];
  return create(rewritten.model, { ...options, externalData });
}

/** Wraps `InferenceSession.create` once per worker; later calls do nothing. */
export function handWeightsOnce(): void {
  if (installed) return;
  installed = true;
  const create: Create = ort.InferenceSession.create.bind(ort.InferenceSession);
  ort.InferenceSession.create = ((arg0: unknown, arg1?: unknown, ...rest: unknown[]) => {
    // transformers.js passes (Uint8Array, options); any other form goes through unchanged.
    if (arg0 instanceof Uint8Array && rest.length === 0 && (arg1 === undefined || typeof arg1 === 'object')) {
      return createWithWeightsOnce(create, arg0, arg1 as Options | undefined);
    }
    return (create as (...args: unknown[]) => Promise<ort.InferenceSession>)(arg0, arg1, ...rest);
  }) as Create;
}
