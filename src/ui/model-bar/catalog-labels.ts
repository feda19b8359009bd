import type { Backend } from '../../engine/backend-support.ts';
import type { ModelFamily } from '../../engine/catalog.ts';

/** Names as the projects write them; not translated. */
export const FAMILY_NAMES: Readonly<Record<ModelFamily, string>> = { gpt2: 'GPT-2', gpt_neo: 'GPT-Neo' };
export const BACKEND_NAMES: Readonly<Record<Backend, string>> = { webgpu: 'WebGPU', wasm: 'WASM' };
