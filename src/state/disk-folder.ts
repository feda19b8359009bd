/**
 * Opening a model folder from disk: check it, select it in the model bar as `disk/<name>` with
 * only the dtypes it has, and load it. A folder that cannot run leaves the loaded model alone and
 * says what it lacks.
 */
import { checkDiskFolder, diskModelId, ONNX_REQUIREMENT, REQUIRED_DISK_FILES } from '../engine/disk-folder-check.ts';
import { loadModel } from './actions.ts';
import { startDiskConversion } from './convert-actions.ts';
import { droppedFolderEntry, folderFromInput, readDroppedFolder, type PickedFolder } from './disk-folder-read.ts';
import type { DiskFolder, DiskFolderError } from './slices/offline-slice.ts';
import { useStore } from './store.ts';

function incomplete(folder: string, missing: readonly string[]): DiskFolderError {
  return {
    name: 'DiskFolderError',
    code: 'disk_folder_incomplete',
    folder,
    missing,
    message: `The folder “${folder}” is missing ${missing.join(', ')}. A model folder holds ${REQUIRED_DISK_FILES.join(', ')} and ${ONNX_REQUIREMENT}: open the folder that contains config.json.`,
  };
}

const unreadable = (folder: string): DiskFolderError => ({
  name: 'DiskFolderError',
  code: 'disk_folder_unreadable',
  folder,
  missing: [],
  message: 'Nothing could be read from what was dropped. Drop a folder, not single files, or use “Open model folder”.',
});

/** What a picked folder becomes: a folder ready to load, or why it is not one. */
export function diskFolderOf(picked: PickedFolder): DiskFolder | DiskFolderError {
  const check = checkDiskFolder(picked.files.map((f) => ({ path: f.path, size: f.file.size })));
  if (!check.ok) return incomplete(picked.name, check.missing);
  const below = check.root.replace(/\/$/, '');
  const ownName = below === '' ? picked.name : (below.split('/').pop() ?? picked.name);
  return {
    folder: below === '' ? picked.name : `${picked.name}/${below}`,
    modelId: diskModelId(ownName),
    files: picked.files.filter((f) => f.path.startsWith(check.root)).map((f) => ({ path: f.path.slice(check.root.length), file: f.file })),
    dtypes: check.dtypes,
  };
}

/** Opens a picked folder (null: nothing readable): selects it and loads it, or shows why it cannot. */
export function openDiskFolder(picked: PickedFolder | null): void {
  const result = picked === null || picked.files.length === 0 ? unreadable(picked?.name ?? '') : diskFolderOf(picked);
  if ('code' in result) {
    // A checkpoint folder (safetensors or .bin, no ONNX export) is converted in memory, then opened (convert-actions.ts).
    if (picked !== null && startDiskConversion(picked)) return;
    useStore.setState({ diskFolderError: result });
    return;
  }
  useStore.setState({ diskFolder: result, diskFolderError: null, modelId: result.modelId, dtype: 'auto' });
  loadModel();
}

/** The folder input's files (`webkitdirectory`), opened. */
export function openPickedFiles(files: ArrayLike<File>): void {
  const picked = folderFromInput(files);
  if (picked) openDiskFolder(picked);
}

/**
 * A drop on the model bar or the offline section: takes the dropped folder's entry now (the item
 * list is emptied when the event ends), then reads and opens it.
 */
export async function openDroppedItems(items: DataTransferItemList): Promise<void> {
  const entry = droppedFolderEntry(items);
  if (!entry) return openDiskFolder(null);
  try {
    openDiskFolder(await readDroppedFolder(entry));
  } catch {
    // A file that vanished or cannot be read (a stick pulled out mid-read).
    openDiskFolder({ name: entry.name, files: [] });
  }
}
