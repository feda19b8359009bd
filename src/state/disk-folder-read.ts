/**
 * The files of a folder a person picked (`<input type="file" webkitdirectory>`) or dropped
 * (`DataTransferItem.webkitGetAsEntry()`), as paths inside that folder. Both work in every
 * current browser; `showDirectoryPicker` would only add Chromium.
 */

/** A folder as picked: its own name, and its files with `/`-separated paths inside it. */
export interface PickedFolder {
  readonly name: string;
  readonly files: readonly { readonly path: string; readonly file: File }[];
}

/**
 * The folder an input with `webkitdirectory` gave: every file's `webkitRelativePath` starts with
 * the folder's name. Null when nothing was picked.
 */
export function folderFromInput(files: ArrayLike<File>): PickedFolder | null {
  const list = Array.from(files);
  const first = list[0];
  if (!first) return null;
  const name = (first.webkitRelativePath || first.name).split('/')[0] ?? '';
  const prefix = `${name}/`;
  return {
    name,
    files: list.map((file) => {
      const relative = file.webkitRelativePath || file.name;
      return { path: relative.startsWith(prefix) ? relative.slice(prefix.length) : relative, file };
    }),
  };
}

const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;
const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;

/**
 * The first folder among dropped items. Must be called during the drop event: the browser empties
 * the item list once the event handler returns, while the entries stay readable afterwards.
 */
export function droppedFolderEntry(items: ArrayLike<Pick<DataTransferItem, 'kind' | 'webkitGetAsEntry'>>): FileSystemDirectoryEntry | null {
  for (const item of Array.from(items)) {
    const entry = item.kind === 'file' ? item.webkitGetAsEntry() : null;
    if (entry && isDirectory(entry)) return entry;
  }
  return null;
}

/** Every entry of a directory: `readEntries` answers in batches (100 in Chromium) until an empty one. */
async function entriesOf(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

const fileOf = (entry: FileSystemFileEntry) => new Promise<File>((resolve, reject) => entry.file(resolve, reject));

/** Reads a dropped folder, subfolders included, into the same shape as {@link folderFromInput}. */
export async function readDroppedFolder(directory: FileSystemDirectoryEntry): Promise<PickedFolder> {
  const files: { path: string; file: File }[] = [];
  const walk = async (dir: FileSystemDirectoryEntry, prefix: string): Promise<void> => {
    for (const entry of await entriesOf(dir)) {
      if (isDirectory(entry)) await walk(entry, `${prefix}${entry.name}/`);
      else if (isFile(entry)) files.push({ path: `${prefix}${entry.name}`, file: await fileOf(entry) });
    }
  };
  await walk(directory, '');
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { name: directory.name, files };
}
