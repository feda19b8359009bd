import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bufferSource } from './byte-source.ts';
import { planCheckpoint, openCheckpoint, type RepoReader } from './checkpoint.ts';
import { ConvertError } from './errors.ts';
import { parseSafetensorsIndex, readSafetensors } from './safetensors.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/convert/fixtures');

/** A safetensors file built by hand: header JSON, then the data. */
function safetensors(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (...values: number[]) => new Uint8Array(Float32Array.from(values).buffer);

/** A fixture folder as a repository, read from memory. */
function repoOf(dir: string): RepoReader {
  return {
    name: dir,
    files: new Set(readdirSync(path.join(FIXTURES, dir))),
    readText: (p) => Promise.resolve(readFileSync(path.join(FIXTURES, dir, p), 'utf8')),
    open: (p) => Promise.resolve(bufferSource(p, readFileSync(path.join(FIXTURES, dir, p)))),
  };
}

describe('readSafetensors', () => {
  it('reads f32, f16 and bf16 tensors at their offsets', async () => {
    // 1.5 as f16 is 0x3e00; as bf16 0x3fc0. -2 as f16 is 0xc000, as bf16 0xc000.
    const data = new Uint8Array([...f32(1, -2.5), 0x00, 0x3e, 0x00, 0xc0, 0xc0, 0x3f, 0x00, 0xc0]);
    const file = safetensors(
      {
        __metadata__: { format: 'pt' },
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F16', shape: [2], data_offsets: [8, 12] },
        c: { dtype: 'BF16', shape: [1, 2], data_offsets: [12, 16] },
      },
      data,
    );
    const tensors = await readSafetensors(bufferSource('t.safetensors', file));
    expect(tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual([
      ['a', 'F32', [2]],
      ['b', 'F16', [2]],
      ['c', 'BF16', [1, 2]],
    ]);
    expect(Array.from(await tensors[0]!.read())).toEqual([1, -2.5]);
    expect(Array.from(await tensors[1]!.read())).toEqual([1.5, -2]);
    expect(Array.from(await tensors[2]!.read())).toEqual([1.5, -2]);
  });

  it('refuses a truncated file with the sizes, before reading any tensor', async () => {
    const whole = readFileSync(path.join(FIXTURES, 'gpt2-safetensors/model.safetensors'));
    const cut = bufferSource('model.safetensors', whole.subarray(0, whole.length - 100));
    await expect(readSafetensors(cut)).rejects.toThrow(`model.safetensors is ${whole.length - 100} bytes long, but its contents need ${whole.length}: the file is truncated or damaged. Download it again.`);
    await expect(readSafetensors(bufferSource('x', whole.subarray(0, 5)))).rejects.toThrow('truncated');
  });

  it('refuses a header that is not JSON or whose sizes do not add up', async () => {
    const garbage = new Uint8Array(64).fill(0x41);
    new DataView(garbage.buffer).setBigUint64(0, 20n, true);
    await expect(readSafetensors(bufferSource('g', garbage))).rejects.toThrow('g is not a valid safetensors file (its header is not JSON)');
    const wrong = safetensors({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, f32(1, 2));
    await expect(readSafetensors(bufferSource('w', wrong))).rejects.toThrow('tensor a is 8 bytes, but F32[3] needs 12');
  });

  it('reads a sharded checkpoint through its index, each tensor from its shard', async () => {
    const repo = repoOf('gpt2-sharded');
    const plan = await planCheckpoint(repo);
    expect(plan.format).toBe('safetensors');
    expect(plan.files).toEqual(['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors']);
    const sharded = await openCheckpoint(repo, plan);
    const single = await readSafetensors(bufferSource('m', readFileSync(path.join(FIXTURES, 'gpt2-safetensors/model.safetensors'))));
    expect(sharded.map((t) => t.name).sort()).toEqual(single.map((t) => t.name).sort());
    for (const t of single) {
      const other = sharded.find((s) => s.name === t.name)!;
      expect(Array.from(await other.read())).toEqual(Array.from(await t.read()));
    }
  });

  it('names a missing shard', async () => {
    const repo = repoOf('gpt2-sharded');
    const files = new Set([...repo.files].filter((f) => f !== 'model-00002-of-00003.safetensors'));
    await expect(planCheckpoint({ ...repo, files })).rejects.toThrow(
      new ConvertError('missing-weights', 'gpt2-sharded: model.safetensors.index.json names model-00002-of-00003.safetensors, which the repository does not have. Download it again.'),
    );
  });

  it('refuses an index whose shard names leave the folder', () => {
    expect(() => parseSafetensorsIndex('{"weight_map":{"a":"../etc/passwd"}}', 'i.json')).toThrow('not a shard file name');
  });
});
