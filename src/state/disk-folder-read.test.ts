import { describe, expect, it } from 'vitest';
import { droppedFolderEntry, folderFromInput, readDroppedFolder } from './disk-folder-read.ts';

/** A File as `<input webkitdirectory>` gives it: its path from the picked folder on. */
function picked(relativePath: string, text = 'x'): File {
  const file = new File([text], relativePath.split('/').pop() ?? '');
  Object.defineProperty(file, 'webkitRelativePath', { value: relativePath });
  return file;
}

type FakeEntry = FileSystemFileEntry | FileSystemDirectoryEntry;

const fileEntry = (name: string, text = name): FileSystemFileEntry =>
  ({ name, isFile: true, isDirectory: false, file: (done: (f: File) => void) => done(new File([text], name)) }) as unknown as FileSystemFileEntry;

/** A directory whose reader answers in batches of `batch`, as Chromium's does (100 at a time). */
function dirEntry(name: string, children: FakeEntry[], batch = 2): FileSystemDirectoryEntry {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (done: (entries: FileSystemEntry[]) => void) => {
          const next = children.slice(at, at + batch);
          at += batch;
          setTimeout(() => done(next), 0);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

describe('folderFromInput', () => {
  it('takes the folder name from the first path and gives paths inside it', () => {
    const folder = folderFromInput([picked('gpt2-tiny/config.json'), picked('gpt2-tiny/onnx/model_q4.onnx')]);
    expect(folder?.name).toBe('gpt2-tiny');
    expect(folder?.files.map((f) => f.path)).toEqual(['config.json', 'onnx/model_q4.onnx']);
    expect(folderFromInput([])).toBeNull();
  });
});

describe('dropped folders', () => {
  it('finds the dropped folder among the items, skipping files and text', () => {
    const folder = dirEntry('gpt2-tiny', []);
    const items = [
      { kind: 'string', webkitGetAsEntry: () => null },
      { kind: 'file', webkitGetAsEntry: () => fileEntry('notes.txt') },
      { kind: 'file', webkitGetAsEntry: () => folder },
    ];
    expect(droppedFolderEntry(items)).toBe(folder);
    expect(droppedFolderEntry(items.slice(0, 2))).toBeNull();
  });

  // readEntries gives a batch at a time: stopping after the first loses files of big folders.
  it('reads every file of every subfolder, over several reader batches, sorted by path', async () => {
    const root = dirEntry('gpt2-tiny', [
      fileEntry('tokenizer.json'),
      dirEntry('onnx', [fileEntry('model.onnx'), fileEntry('model_q4.onnx'), fileEntry('model_fp16.onnx')]),
      fileEntry('config.json', '{}'),
      fileEntry('tokenizer_config.json'),
      fileEntry('vocab.json'),
    ]);
    const folder = await readDroppedFolder(root);
    expect(folder.name).toBe('gpt2-tiny');
    expect(folder.files.map((f) => f.path)).toEqual([
      'config.json',
      'onnx/model.onnx',
      'onnx/model_fp16.onnx',
      'onnx/model_q4.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
      'vocab.json',
    ]);
    expect(await folder.files[0]?.file.text()).toBe('{}');
  });
});
