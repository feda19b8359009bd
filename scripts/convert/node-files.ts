/**
 * Node adapters of the converter's interfaces: a model folder on disk as a `RepoReader` (files read
 * by byte range, never whole), and a `ModelWriter` that writes into a hidden sibling folder and
 * renames it into place only when everything is written, so a failure (a full disk) leaves nothing.
 */
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ByteSource } from '../../src/convert/byte-source.ts';
import { truncatedError, ConvertError } from '../../src/convert/errors.ts';
import type { ModelWriter, OutputFile, RepoReader } from '../../src/convert/convert.ts';
import { errnoCode, formatMb } from '../hub/errors.ts';

/** A file on disk as a `ByteSource`: each read opens, reads its range and closes. */
export async function fileSource(file: string, name = path.basename(file)): Promise<ByteSource> {
  const { size } = await stat(file);
  return {
    name,
    size,
    async read(offset, length) {
      if (offset + length > size) throw truncatedError(name, offset + length, size);
      const handle = await open(file, 'r');
      try {
        const bytes = new Uint8Array(length);
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(bytes, done, length - done, offset + done);
          if (bytesRead === 0) throw truncatedError(name, offset + length, offset + done);
          done += bytesRead;
        }
        return bytes;
      } finally {
        await handle.close();
      }
    },
  };
}

/** Relative paths (with `/`) of the files under `dir`. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** A model folder (a Hub checkpoint downloaded or copied to disk) as a `RepoReader`. */
export async function folderRepo(dir: string, name = dir): Promise<RepoReader> {
  let files: string[];
  try {
    files = await listFiles(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') {
      throw new ConvertError('missing-weights', `${dir} is not a folder. Give a Hub id (owner/name) or a folder with config.json and the weights.`);
    }
    throw error;
  }
  const full = (relative: string) => path.join(dir, ...relative.split('/'));
  return {
    name,
    files: new Set(files),
    readText: (relative) => readFile(full(relative), 'utf8'),
    open: (relative) => fileSource(full(relative), relative),
  };
}

/** What went wrong writing to `folder`, in words a person can act on. */
export function writeError(error: unknown, folder: string): ConvertError {
  const code = errnoCode(error);
  const reason =
    code === 'ENOSPC' ? 'the disk is full'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EROFS' ? 'the file system is read-only'
    : code === 'ENOTDIR' ? 'a part of that path is a file, not a folder'
    : error instanceof Error ? error.message : String(error);
  return new ConvertError('write-failed', `Cannot write the converted model into ${folder}: ${reason}. Nothing was left behind; free some space or choose another folder (--out) and run the command again.`);
}

const STAGING_BYTES = 1 << 20;

/** A `ModelWriter` into a temporary folder, with `commit` (rename into place) and `abort` (delete it). */
export interface FolderWriter extends ModelWriter {
  readonly tempDir: string;
  /** Bytes written so far. */
  readonly bytes: number;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function folderWriter(finalDir: string): Promise<FolderWriter> {
  const tempDir = path.join(path.dirname(finalDir), `.${path.basename(finalDir)}.partial-${process.pid}`);
  const guard = async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      throw errnoCode(error) ? writeError(error, path.dirname(finalDir)) : error;
    }
  };
  await guard(() => mkdir(tempDir, { recursive: true }));
  let bytes = 0;
  const target = async (relative: string) => {
    const file = path.join(tempDir, ...relative.split('/'));
    await guard(() => mkdir(path.dirname(file), { recursive: true }));
    return file;
  };
  return {
    tempDir,
    get bytes() {
      return bytes;
    },
    async writeText(relative, text) {
      const file = await target(relative);
      await guard(async () => {
        const handle = await open(file, 'w');
        try {
          await handle.writeFile(text);
        } finally {
          await handle.close();
        }
      });
      bytes += Buffer.byteLength(text);
    },
    async create(relative): Promise<OutputFile> {
      const handle = await guard(async () => open(await target(relative), 'w'));
      // A model arrives as thousands of small protobuf pieces between the tensors: gather them, so
      // the disk sees a few large writes instead of one system call per piece.
      const staging = new Uint8Array(STAGING_BYTES);
      let staged = 0;
      const writeAll = (chunk: Uint8Array) =>
        guard(async () => {
          let done = 0;
          while (done < chunk.byteLength) done += (await handle.write(chunk, done, chunk.byteLength - done)).bytesWritten;
        });
      const flush = async () => {
        if (staged > 0) await writeAll(staging.subarray(0, staged));
        staged = 0;
      };
      return {
        async write(chunk) {
          if (staged + chunk.byteLength > STAGING_BYTES) await flush();
          if (chunk.byteLength >= STAGING_BYTES / 2) await writeAll(chunk);
          else {
            staging.set(chunk, staged);
            staged += chunk.byteLength;
          }
          bytes += chunk.byteLength;
        },
        async close() {
          try {
            await flush();
          } finally {
            await guard(() => handle.close());
          }
        },
      };
    },
    async commit() {
      await guard(async () => {
        await rm(finalDir, { recursive: true, force: true });
        await mkdir(path.dirname(finalDir), { recursive: true });
        await rename(tempDir, finalDir);
      });
    },
    async abort() {
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** `12.3 MB`, shared with the hub commands. */
export { formatMb };
