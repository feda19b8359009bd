import type { Backend } from '../../engine/backend-support.ts';
import type { ModelFamily } from '../../engine/catalog.ts';
import type { MessageKey } from '../i18n/en.ts';

/** Names as the projects write them; not translated. */
export const FAMILY_NAMES: Readonly<Record<ModelFamily, string>> = { gpt2: 'GPT-2', gpt_neo: 'GPT-Neo' };
export const BACKEND_NAMES: Readonly<Record<Backend, string>> = { webgpu: 'WebGPU', wasm: 'WASM' };

/** The catalog key of a catalog model's one-line note (catalog-labels.test.ts checks every model has one). */
export function modelNoteKey(modelId: string): MessageKey {
  return `catalog.note.${modelId}` as MessageKey;
}
