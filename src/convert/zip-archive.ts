/**
 * Reads the directory of a zip file and the bytes of its STORED (uncompressed) entries, with Zip64
 * for files past 4 GB. That is the container `torch.save` has written since PyTorch 1.6
 * (`archive/data.pkl` plus one `archive/data/<key>` entry per storage); it never compresses.
 */
import type { ByteSource } from './byte-source.ts';
import { ConvertError } from './errors.ts';

export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  /** Reads the entry's bytes from `offset` within it (all of them by default). */
  read(offset?: number, length?: number): Promise<Uint8Array>;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function damaged(file: string, why: string): ConvertError {
  return new ConvertError('damaged-file', `${file} is not a readable PyTorch checkpoint (${why}): it is truncated or damaged. Download it again.`);
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const u64 = (v: DataView, at: number) => Number(v.getBigUint64(at, true));

/** Where the central directory is, from the end-of-central-directory record (Zip64 aware). */
async function findDirectory(source: ByteSource): Promise<{ offset: number; size: number; count: number }> {
  const tailLength = Math.min(source.size, 22 + 65535);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const t = view(tail);
  let at = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (t.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw damaged(source.name, 'no zip directory at its end');
  let count = t.getUint16(at + 10, true);
  let size = t.getUint32(at + 12, true);
  let offset = t.getUint32(at + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locatorAt = at - 20;
    if (locatorAt < 0 || t.getUint32(locatorAt, true) !== ZIP64_LOCATOR) throw damaged(source.name, 'a Zip64 record is missing');
    const recordOffset = u64(t, locatorAt + 8);
    const record = view(await source.read(recordOffset, 56));
    if (record.getUint32(0, true) !== ZIP64_EOCD) throw damaged(source.name, 'a Zip64 record is damaged');
    count = u64(record, 32);
    size = u64(record, 40);
    offset = u64(record, 48);
  }
  if (offset + size > source.size) throw damaged(source.name, 'its directory points past its end');
  return { offset, size, count };
}

/** The entries of a zip file, by name. Only STORED entries can be read; others are refused when read. */
export async function readZip(source: ByteSource): Promise<Map<string, ZipEntry>> {
  const dir = await findDirectory(source);
  const bytes = await source.read(dir.offset, dir.size);
  const d = view(bytes);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < dir.count; i++) {
    if (at + 46 > bytes.byteLength || d.getUint32(at, true) !== CENTRAL) throw damaged(source.name, `directory entry ${i + 1} is damaged`);
    const method = d.getUint16(at + 10, true);
    let compressed = d.getUint32(at + 20, true);
    let uncompressed = d.getUint32(at + 24, true);
    const nameLength = d.getUint16(at + 28, true);
    const extraLength = d.getUint16(at + 30, true);
    const commentLength = d.getUint16(at + 32, true);
    let localOffset = d.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // Zip64 extra field: the 64-bit values of whichever fields are 0xFFFFFFFF, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = d.getUint16(extra, true);
      const length = d.getUint16(extra + 2, true);
      if (id === 0x0001) {
        let field = extra + 4;
        if (uncompressed === 0xffffffff) {
          uncompressed = u64(d, field);
          field += 8;
        }
        if (compressed === 0xffffffff) {
          compressed = u64(d, field);
          field += 8;
        }
        if (localOffset === 0xffffffff) localOffset = u64(d, field);
      }
      extra += 4 + length;
    }
    at = extraEnd + commentLength;
    let dataStart: Promise<number> | undefined;
    const locate = () =>
      (dataStart ??= source.read(localOffset, 30).then((local) => {
        const l = view(local);
        if (l.getUint32(0, true) !== LOCAL) throw damaged(source.name, `the entry ${name} is damaged`);
        return localOffset + 30 + l.getUint16(26, true) + l.getUint16(28, true);
      }));
    entries.set(name, {
      name,
      size: uncompressed,
      async read(offset = 0, length = uncompressed - offset) {
        if (method !== 0 || compressed !== uncompressed) {
          throw new ConvertError('damaged-file', `${source.name}: ${name} is compressed; PyTorch never compresses its checkpoints, so this is not one.`);
        }
        if (offset < 0 || length < 0 || offset + length > uncompressed) {
          throw damaged(source.name, `${name} has ${uncompressed} bytes, asked for ${length} at ${offset}`);
        }
        return source.read((await locate()) + offset, length);
      },
    });
  }
  return entries;
}
