/**
 * What the browser keeps of the models: the files transformers.js stored in Cache Storage (read
 * here, grouped per model and dtype), the storage estimate, persistent storage, and deleting a model.
 */
import { groupStoredFiles, onnxFileDtype, parseStoredUrl, type StoredFile } from '../engine/stored-files.ts';
import { forgetModelFiles, MODEL_CACHE_NAME } from '../engine/model-cache.ts';
import { useStore } from './store.ts';


/** Every stored file of a model, with its size (from the stored Content-Length, else the body). */
async function readStoredFiles(storage: CacheStorage): Promise<StoredFile[]> {
  if (!(await storage.has(MODEL_CACHE_NAME))) return [];
  const cache = await storage.open(MODEL_CACHE_NAME);
  const files: StoredFile[] = [];
  for (const request of await cache.keys()) {
    const where = parseStoredUrl(request.url);
    if (!where) continue;
    const response = await cache.match(request);
    const length = Number(response?.headers.get('content-length'));
    const bytes = Number.isFinite(length) && length > 0 ? length : ((await response?.blob())?.size ?? 0);
    files.push({ ...where, dtype: onnxFileDtype(where.file), bytes });
  }
  return files;
}

/** Reads the stored models and the storage estimate into the store. Never throws. */
export async function refreshStoredModels(): Promise<void> {
  const storage = globalThis.caches;
  try {
    const storedModels = storage ? groupStoredFiles(await readStoredFiles(storage)) : null;
    useStore.setState({ storedModels });
  } catch {
    useStore.setState({ storedModels: null });
  }
  try {
    const estimate = await navigator.storage?.estimate?.();
    const persisted = await navigator.storage?.persisted?.();
    useStore.setState({
      storageEstimate: estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null,
      persistence: persisted === undefined ? 'unsupported' : persisted ? 'persisted' : 'not_persisted',
    });
  } catch {
    useStore.setState({ storageEstimate: null, persistence: 'unsupported' });
  }
}

/** Removes a model's files from the browser; the next load downloads them again. */
export async function deleteStoredModel(modelId: string): Promise<void> {
  await forgetModelFiles(modelId, MODEL_CACHE_NAME, globalThis.caches);
  await refreshStoredModels();
}

/** Asks the browser to keep stored models through its clean-ups, and records the answer. */
export async function requestPersistentStorage(): Promise<void> {
  const granted = (await navigator.storage?.persist?.()) ?? false;
  useStore.setState({ persistAnswer: granted ? 'granted' : 'refused' });
  await refreshStoredModels();
}
