/**
 * A deliberately small unpickler for PyTorch state dicts (`data.pkl` inside `pytorch_model.bin`).
 *
 * A pickle is a program: its GLOBAL and REDUCE opcodes import and call any Python function, which is
 * how a malicious checkpoint runs code on `torch.load`. This reader executes nothing. It knows the
 * opcodes a state dict uses and a short allowlist of globals, each of which it *interprets* (an
 * OrderedDict becomes a Map, `_rebuild_tensor_v2` a {@link TensorRef}); any other global, and any
 * opcode outside the list, stops the read with an `unsafe-pickle` error naming it.
 */
import { ConvertError } from './errors.ts';
import type { StoredDtype } from './tensor-data.ts';

/** A Python tuple (lists are plain arrays). */
export class PickleTuple {
  constructor(readonly items: readonly unknown[]) {}
}

/** A storage of the checkpoint: `<archive>/data/<key>`, `numel` elements of `dtype`. */
export interface StorageRef {
  readonly kind: 'storage';
  /** null for a storage type we know but do not read (never one a weight uses). */
  readonly dtype: StoredDtype | null;
  readonly typeName: string;
  readonly key: string;
  readonly numel: number;
}

/** A tensor: a strided view into a storage, in elements. */
export interface TensorRef {
  readonly kind: 'tensor';
  readonly storage: StorageRef;
  readonly offset: number;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** PyTorch's storage classes, referenced by the persistent ids of a state dict. */
const STORAGE_TYPES: Readonly<Record<string, StoredDtype | null>> = {
  FloatStorage: 'F32',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  DoubleStorage: 'F64',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
};

class StorageType {
  constructor(
    readonly name: string,
    readonly dtype: StoredDtype | null,
  ) {}
}

/** An allowlisted callable, interpreted here instead of run. */
class Callable {
  constructor(
    readonly name: string,
    readonly call: (args: readonly unknown[]) => unknown,
  ) {}
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const ints = (v: unknown): number[] | null => {
  const items = v instanceof PickleTuple ? v.items : Array.isArray(v) ? v : null;
  return items && items.every(isInt) ? (items as number[]) : null;
};

function rebuildTensor(args: readonly unknown[]): TensorRef {
  const [storage, offset, size, stride] = args;
  const shape = ints(size);
  const strides = ints(stride);
  if (!isStorage(storage) || !isInt(offset) || !shape || !strides || shape.length !== strides.length) {
    throw new ConvertError('damaged-file', 'a tensor in the pickle is malformed (_rebuild_tensor_v2 with unexpected arguments).');
  }
  return { kind: 'tensor', storage, offset, shape, stride: strides };
}

function isStorage(v: unknown): v is StorageRef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'storage';
}

export function isTensorRef(v: unknown): v is TensorRef {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'tensor';
}

/** The globals a state dict may name, and what each one becomes. */
function allowedGlobal(module: string, name: string): unknown {
  const full = `${module}.${name}`;
  switch (full) {
    case 'collections.OrderedDict':
      return new Callable(full, () => new Map());
    case 'torch._utils._rebuild_tensor_v2':
      return new Callable(full, rebuildTensor);
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state':
      // (data, requires_grad, backward_hooks[, state]): a Parameter is its tensor.
      return new Callable(full, (args) => args[0]);
  }
  if (module === 'torch' && name in STORAGE_TYPES) return new StorageType(name, STORAGE_TYPES[name] ?? null);
  throw new ConvertError(
    'unsafe-pickle',
    `the pickle asks for the Python global "${full}", which a plain state dict never uses. A pickle can run code, so the converter refuses it instead of loading it. Convert this model from a safetensors file, or load it yourself with torch.load(weights_only=True) and save it with safetensors.`,
  );
}

/** Turns the persistent id `('storage', StorageType, key, location, numel)` into a {@link StorageRef}. */
function persistentLoad(pid: unknown): StorageRef {
  const items = pid instanceof PickleTuple ? pid.items : null;
  const [tag, type, key, , numel] = items ?? [];
  if (tag !== 'storage' || !(type instanceof StorageType) || typeof key !== 'string' || !isInt(numel)) {
    throw new ConvertError('unsafe-pickle', `the pickle refers to an external object that is not a tensor storage (${describe(pid)}); the converter only reads state dicts.`);
  }
  return { kind: 'storage', dtype: type.dtype, typeName: type.name, key, numel };
}

function describe(v: unknown): string {
  if (v instanceof PickleTuple) return `(${v.items.map(describe).join(', ')})`;
  if (v instanceof StorageType) return `torch.${v.name}`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}


const OPCODE_NAMES: Readonly<Record<number, string>> = { 0x69: 'INST', 0x6f: 'OBJ', 0x81: 'NEWOBJ', 0x92: 'NEWOBJ_EX', 0x50: 'PERSID', 0x82: 'EXT1', 0x83: 'EXT2', 0x84: 'EXT4' };

/**
 * Unpickles `bytes` without executing anything.
 * @param file - The pickle's name, for messages.
 * @throws ConvertError `unsafe-pickle` for any global or opcode outside a state dict's, `damaged-file` for a cut-short pickle.
 */
export function unpickle(bytes: Uint8Array, file: string): unknown {
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;

  const need = (n: number) => {
    if (pos + n > bytes.byteLength) throw new ConvertError('damaged-file', `${file} ends in the middle of its pickle: the checkpoint is damaged. Download it again.`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = () => data.getUint8(need(1));
  const u16 = () => data.getUint16(need(2), true);
  const u32 = () => data.getUint32(need(4), true);
  const text = (n: number) => decoder.decode(bytes.subarray(need(n), pos));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) need(bytes.byteLength + 1);
    const s = decoder.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = () => {
    if (stack.length === 0) throw new ConvertError('damaged-file', `${file}: the pickle pops an empty stack; the checkpoint is damaged.`);
    return stack.pop();
  };
  const top = () => stack[stack.length - 1];
  const popMark = () => {
    const at = marks.pop();
    if (at === undefined) throw new ConvertError('damaged-file', `${file}: the pickle has no MARK where it needs one; the checkpoint is damaged.`);
    return stack.splice(at);
  };
  const setItems = (dict: unknown, items: unknown[]) => {
    if (!(dict instanceof Map)) throw new ConvertError('unsafe-pickle', `${file}: the pickle sets items on something that is not a dict.`);
    for (let i = 0; i + 1 < items.length; i += 2) dict.set(items[i], items[i + 1]);
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME: an 8-byte length; the frame's opcodes follow inline
        need(8);
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) throw new ConvertError('damaged-file', `${file}: the pickle ends with ${stack.length} values instead of one.`);
        return stack[0];
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        stack.push(data.getInt32(need(4), true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement of n bytes
        const n = u8();
        const at = need(n);
        let value = 0n;
        for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[at + i] ?? 0);
        if (n > 0 && ((bytes[at + n - 1] ?? 0) & 0x80) !== 0) value -= 1n << BigInt(8 * n);
        stack.push(value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value);
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        stack.push(data.getFloat64(need(8), false));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(Number(data.getBigUint64(need(8), true))));
        break;
      case 0x42: {
        // BINBYTES
        const n = u32();
        stack.push(bytes.slice(need(n), pos));
        break;
      }
      case 0x43: {
        // SHORT_BINBYTES
        const n = u8();
        stack.push(bytes.slice(need(n), pos));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: {
        // APPEND
        const value = pop();
        const list = top();
        if (!Array.isArray(list)) throw new ConvertError('unsafe-pickle', `${file}: the pickle appends to something that is not a list.`);
        list.push(value);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) throw new ConvertError('unsafe-pickle', `${file}: the pickle appends to something that is not a list.`);
        list.push(...items);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push(new PickleTuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new PickleTuple(popMark()));
        break;
      case 0x85: // TUPLE1
        stack.push(new PickleTuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(new PickleTuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new PickleTuple([pop(), b, c]));
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(allowedGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new ConvertError('unsafe-pickle', `${file}: the pickle names a global with non-string parts.`);
        stack.push(allowedGlobal(module, name));
        break;
      }
      case 0x52: {
        // REDUCE: callable(*args), for allowlisted callables only
        const args = pop();
        const callable = pop();
        if (!(callable instanceof Callable) || !(args instanceof PickleTuple)) {
          throw new ConvertError('unsafe-pickle', `${file}: the pickle calls ${describe(callable)}, which is not a state dict's; refused without running it.`);
        }
        stack.push(callable.call(args.items));
        break;
      }
      case 0x62: {
        // BUILD: sets an object's state; an OrderedDict's `_metadata` or a tensor's hooks, which we do not need
        pop();
        const target = top();
        if (!(target instanceof Map) && !isTensorRef(target)) {
          throw new ConvertError('unsafe-pickle', `${file}: the pickle sets the state of ${describe(target)}; refused.`);
        }
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistentLoad(pop()));
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const index = op === 0x68 ? u8() : u32();
        if (!memo.has(index)) throw new ConvertError('damaged-file', `${file}: the pickle reads memo ${index}, which it never stored; the checkpoint is damaged.`);
        stack.push(memo.get(index));
        break;
      }
      default: {
        const name = OPCODE_NAMES[op] ?? `0x${op.toString(16).padStart(2, '0')}`;
        throw new ConvertError('unsafe-pickle', `${file}: the pickle uses the opcode ${name} at byte ${pos - 1}, which a plain state dict never does; refused without running it.`);
      }
    }
  }
}
