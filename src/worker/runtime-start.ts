/**
 * Starts ONNX Runtime's WebAssembly backend before any model is asked for: fetching, compiling and
 * instantiating its 26 MB `.wasm` is a second or more of the first load (docs/speed.md), and it
 * can run while the page waits for a Load or while the model downloads. Browser only: this module
 * imports ONNX Runtime Web, which Node (tests, `npm run bench`) never loads.
 *
 * Measured by the browser benchmark (`--runtime early`), **not used by the app's worker**: after
 * this start, a session that fails to be created (a damaged model) fails with ONNX Runtime's
 * "ERROR_CODE: 0" and no message, so the page could no longer say which file is damaged
 * (e2e/fault-files.spec.ts, e2e/engine-worker.spec.ts "recovery"). Gain measured: 0.5–1.5 s of a
 * 6–7 s cold fp32 load (docs/speed.md).
 */
import * as ort from 'onnxruntime-web/webgpu';
import { ElemType, encodeModel } from '../onnx/model-proto.ts';
import { concatParts } from '../onnx/protobuf-writer.ts';
import { runtimeStarting } from './transformers-env.ts';

/** A graph of one Identity node: the smallest model ONNX Runtime creates a session of. */
export function identityModel(): Uint8Array {
  const x = { name: 'x', elemType: ElemType.float, dims: [1] };
  const model = encodeModel({
    graphName: 'runtime_start',
    nodes: [{ opType: 'Identity', name: 'identity', inputs: ['x'], outputs: ['y'], attributes: [] }],
    initializers: [],
    inputs: [x],
    outputs: [{ ...x, name: 'y' }],
    opsets: [{ domain: '', version: 13 }],
    producer: 'gpt-playground',
    docString: '',
    metadata: {},
  });
  return concatParts(model.parts);
}

let started: Promise<void> | null = null;

/**
 * Starts the runtime by creating (and releasing) a session of {@link identityModel}; once per
 * worker. Call it after `configureTransformersForBrowser` (transformers-env.ts): the runtime's
 * files and thread count are fixed from then on. `ort` is the module transformers.js's web build
 * imports, so this starts the runtime the library uses. A runtime that cannot start is reported
 * by the load that needs it, so this never rejects.
 */
export function startRuntime(): Promise<void> {
  if (!started) {
    started = (async () => {
      const session = await ort.InferenceSession.create(identityModel(), { executionProviders: ['wasm'] });
      await session.release();
    })().catch(() => undefined);
    runtimeStarting(started);
  }
  return started;
}
