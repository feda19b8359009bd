// PyTorch checkpoints past 4 GB (gpt-neo-2.7B's pytorch_model.bin is 10 GB) are Zip64 archives: the
// 32-bit fields read 0xFFFFFFFF and the real values sit in Zip64 records. Built here by hand, small.
import { describe, expect, it } from 'vitest';
import { bufferSource } from './byte-source.ts';
import { readZip } from './zip-archive.ts';

class Bytes {
  readonly out: number[] = [];
  u16(v: number) {
    this.out.push(v & 0xff, (v >> 8) & 0xff);
    return this;
  }
  u32(v: number) {
    for (let i = 0; i < 4; i++) this.out.push(Math.floor(v / 2 ** (8 * i)) & 0xff);
    return this;
  }
  u64(v: number) {
    return this.u32(v % 2 ** 32).u32(Math.floor(v / 2 ** 32));
  }
  bytes(b: ArrayLike<number>) {
    this.out.push(...Array.from(b));
    return this;
  }
}

/** A STORED zip of `entries`; with `zip64`, every size and offset goes through the Zip64 records. */
function zip(entries: Record<string, Uint8Array>, zip64: boolean): Uint8Array {
  const b = new Bytes();
  const central = new Bytes();
  const names = Object.keys(entries);
  for (const name of names) {
    const data = entries[name] as Uint8Array;
    const nameBytes = new TextEncoder().encode(name);
    const offset = b.out.length;
    b.u32(0x04034b50).u16(45).u16(0).u16(0).u32(0).u32(0).u32(data.length).u32(data.length).u16(nameBytes.length).u16(3).bytes(nameBytes).bytes([0, 0, 0]).bytes(data);
    const big = zip64 ? 0xffffffff : undefined;
    central.u32(0x02014b50).u16(45).u16(45).u16(0).u16(0).u32(0).u32(0).u32(big ?? data.length).u32(big ?? data.length).u16(nameBytes.length).u16(zip64 ? 28 : 0).u16(0).u16(0).u16(0).u32(0).u32(big ?? offset).bytes(nameBytes);
    if (zip64) central.u16(0x0001).u16(24).u64(data.length).u64(data.length).u64(offset);
  }
  const cdOffset = b.out.length;
  b.bytes(central.out);
  if (zip64) {
    const recordOffset = b.out.length;
    b.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(names.length).u64(names.length).u64(central.out.length).u64(cdOffset);
    b.u32(0x07064b50).u32(0).u64(recordOffset).u32(1);
    b.u32(0x06054b50).u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0xffffffff).u32(0xffffffff).u16(0);
  } else {
    b.u32(0x06054b50).u16(0).u16(0).u16(names.length).u16(names.length).u32(central.out.length).u32(cdOffset).u16(0);
  }
  return Uint8Array.from(b.out);
}

describe('readZip', () => {
  const entries = { 'archive/data.pkl': Uint8Array.of(1, 2, 3), 'archive/data/0': Uint8Array.from({ length: 40 }, (_, i) => i) };

  it.each([false, true])('reads STORED entries (zip64: %s) by name, whole or by range', async (zip64) => {
    const files = await readZip(bufferSource('a.bin', zip(entries, zip64)));
    expect([...files.keys()]).toEqual(['archive/data.pkl', 'archive/data/0']);
    expect(Array.from(await files.get('archive/data.pkl')!.read())).toEqual([1, 2, 3]);
    expect(Array.from(await files.get('archive/data/0')!.read(8, 4))).toEqual([8, 9, 10, 11]);
    await expect(files.get('archive/data/0')!.read(38, 4)).rejects.toThrow('archive/data/0 has 40 bytes, asked for 4 at 38');
  });
});
