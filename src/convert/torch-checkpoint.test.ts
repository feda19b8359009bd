import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bufferSource } from './byte-source.ts';
import { ConvertError } from './errors.ts';
import { unpickle } from './pickle.ts';
import { readTorchCheckpoint } from './torch-checkpoint.ts';

const PICKLES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/convert/fixtures/pickles');
const PWNED = '/tmp/gpt-playground-pwned';

const ascii = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('readTorchCheckpoint', () => {
  // torch.save of fp32, fp16 and bf16 tensors, one storage shared by three (a view and a transpose).
  it('reads every dtype, shared storages and strided views exactly as torch saved them', async () => {
    const expected = JSON.parse(readFileSync(path.join(PICKLES, 'dtypes.json'), 'utf8')) as { values: Record<string, number[]>; shapes: Record<string, number[]> };
    const tensors = await readTorchCheckpoint(bufferSource('dtypes.bin', readFileSync(path.join(PICKLES, 'dtypes.bin'))));
    expect(tensors.map((t) => t.name)).toEqual(Object.keys(expected.values));
    for (const t of tensors) {
      expect(t.shape).toEqual(expected.shapes[t.name]);
      expect(Array.from(await t.read())).toEqual(expected.values[t.name]);
    }
    expect(tensors.map((t) => t.dtype)).toEqual(['F32', 'F16', 'BF16', 'F32', 'F32', 'F32', 'F32']);
  });

  it('refuses a malicious pickle without running it', async () => {
    rmSync(PWNED, { force: true });
    const file = bufferSource('malicious.bin', readFileSync(path.join(PICKLES, 'malicious.bin')));
    const error = await readTorchCheckpoint(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvertError);
    expect((error as ConvertError).code).toBe('unsafe-pickle');
    expect((error as ConvertError).message).toContain('the pickle asks for the Python global "posix.system", which a plain state dict never uses');
    expect(existsSync(PWNED)).toBe(false);
  });

  it('refuses a truncated checkpoint', async () => {
    const whole = readFileSync(path.join(PICKLES, 'dtypes.bin'));
    await expect(readTorchCheckpoint(bufferSource('cut.bin', whole.subarray(0, whole.length - 30)))).rejects.toThrow(
      'cut.bin is not a readable PyTorch checkpoint (no zip directory at its end): it is truncated or damaged. Download it again.',
    );
    await expect(readTorchCheckpoint(bufferSource('junk.bin', ascii('hello world')))).rejects.toThrow('junk.bin is not a PyTorch checkpoint');
  });
});

describe('unpickle', () => {
  it('builds dicts, lists, tuples, numbers and strings from protocol-2 opcodes', () => {
    // {'a': [1, 300, -2], 'b': ('x', True, None), 'c': 1.5}
    const bytes = concat(
      [0x80, 0x02, 0x7d, 0x71, 0x00, 0x28],
      [0x58, 1, 0, 0, 0], ascii('a'), [0x5d, 0x28, 0x4b, 1, 0x4d, 0x2c, 0x01, 0x4a, 0xfe, 0xff, 0xff, 0xff, 0x65],
      [0x58, 1, 0, 0, 0], ascii('b'), [0x58, 1, 0, 0, 0], ascii('x'), [0x88, 0x4e, 0x87],
      [0x58, 1, 0, 0, 0], ascii('c'), [0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0],
      [0x75, 0x2e],
    );
    const value = unpickle(bytes, 'test') as Map<string, unknown>;
    expect(value.get('a')).toEqual([1, 300, -2]);
    expect((value.get('b') as { items: unknown[] }).items).toEqual(['x', true, null]);
    expect(value.get('c')).toBe(1.5);
  });

  it.each([
    ['GLOBAL os.system', concat([0x80, 0x02, 0x63], ascii('os\nsystem\n'), [0x2e]), 'the pickle asks for the Python global "os.system"'],
    ['GLOBAL builtins.eval', concat([0x80, 0x02, 0x63], ascii('builtins\neval\n'), [0x2e]), '"builtins.eval"'],
    ['STACK_GLOBAL subprocess.Popen', concat([0x80, 0x04, 0x8c, 10], ascii('subprocess'), [0x8c, 5], ascii('Popen'), [0x93, 0x2e]), '"subprocess.Popen"'],
    ['INST', concat([0x28, 0x69], ascii('os\nsystem\n'), [0x2e]), 'opcode INST'],
    ['REDUCE on a non-callable', concat([0x80, 0x02, 0x4b, 1, 0x29, 0x52, 0x2e]), 'the pickle calls 1'],
  ])('refuses %s before anything could run', (_, bytes, message) => {
    const run = () => unpickle(bytes, 'evil.pkl');
    expect(run).toThrow(ConvertError);
    expect(run).toThrow(message);
  });

  it('refuses a pickle cut short', () => {
    expect(() => unpickle(Uint8Array.of(0x80, 0x02, 0x58, 10, 0, 0, 0, 0x41), 'cut.pkl')).toThrow('cut.pkl ends in the middle of its pickle');
  });
});
