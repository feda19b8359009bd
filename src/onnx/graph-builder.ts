/**
 * Builds an ONNX graph node by node, with unique value names and typed initializers.
 */
import { ElemType, type Attribute, type NodeDef, type RawLoader, type TensorInit } from './model-proto.ts';
import type { Loaded } from './spec.ts';

/** Attribute constructors, so call sites read `attr.int('axis', -1)`. */
export const attr = {
  int: (name: string, value: number): Attribute => ({ name, kind: 'int', value }),
  ints: (name: string, value: readonly number[]): Attribute => ({ name, kind: 'ints', value }),
  float: (name: string, value: number): Attribute => ({ name, kind: 'float', value }),
} as const;

if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
  // ONNX raw_data is little-endian; typed arrays use the host's order.
  throw new Error('The model generator needs a little-endian host.');
}

/** `f(value)`, at once when the value is there, after it arrives when it is a promise. */
export function after<T, U>(value: Loaded<T>, f: (v: T) => U): Loaded<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/**
 * A computation run at most once, on first call, whose result several deferred tensors share
 * (a weight's quantized codes and its scale). It lives as long as the tensors that need it.
 * Synchronous when its inputs are (weights in memory), so the generator stays synchronous.
 */
export function once<T>(compute: () => Loaded<T>): () => Loaded<T> {
  let result: { value: Loaded<T> } | undefined;
  return () => (result ??= { value: compute() }).value;
}

/** The bytes of a typed array, without copying. */
export function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly initializers: TensorInit[] = [];
  private readonly used = new Set<string>();

  /** A fresh value name based on `base`. */
  name(base: string): string {
    let candidate = base;
    for (let i = 1; this.used.has(candidate); i++) candidate = `${base}_${i}`;
    this.used.add(candidate);
    return candidate;
  }

  /** Adds a node; returns its output names (fresh unless given). */
  op(
    opType: string,
    inputs: readonly string[],
    options: { attributes?: readonly Attribute[]; outputs?: number | readonly string[]; domain?: string; name?: string } = {},
  ): string[] {
    const nodeName = this.name(options.name ?? opType);
    const requested = options.outputs ?? 1;
    const outputs =
      typeof requested === 'number'
        ? Array.from({ length: requested }, (_, i) => this.name(`${nodeName}/output_${i}`))
        : requested.map((n) => {
            this.used.add(n);
            return n;
          });
    this.nodes.push({
      opType,
      inputs,
      outputs,
      name: nodeName,
      attributes: options.attributes ?? [],
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return outputs;
  }

  /** Adds a single-output node and returns its output name. */
  op1(opType: string, inputs: readonly string[], options: Parameters<GraphBuilder['op']>[2] = {}): string {
    const [output] = this.op(opType, inputs, options);
    if (output === undefined) throw new Error(`${opType} produced no output`);
    return output;
  }

  /** Adds a tensor; `raw` may be a loader, read only when the model is written. */
  initializer(name: string, elemType: ElemType, dims: readonly number[], raw: Uint8Array | RawLoader): string {
    const unique = this.name(name);
    this.initializers.push({ name: unique, elemType, dims, raw });
    return unique;
  }

  int64(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(name, ElemType.int64, dims, bytesOf(BigInt64Array.from(values.map(BigInt))));
  }
}
