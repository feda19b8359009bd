/**
 * Ready-made examples: one click fills the prompt and every panel's settings (and picks the model
 * where the example needs one). Values the preset does not name are the playground's defaults, so
 * a preset always gives the same settings whatever was on screen before.
 */
import type { SamplingSettings } from '../engine/types.ts';
import { selectModel } from './actions.ts';
import { defaultSettings } from './defaults.ts';
import { clampMaxNewTokens, clampSettings } from './settings-ranges.ts';
import { useStore } from './store.ts';

export interface Preset {
  /** Stable key (tests, URLs). */
  readonly id: string;
  /** Shown as is in every language: the examples are themselves in Spanish or English. */
  readonly name: string;
  readonly prompt: string;
  readonly settings: Partial<SamplingSettings>;
  readonly maxNewTokens: number;
  /** The model the example is meant for; null keeps the one selected. */
  readonly modelId: string | null;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'futbol',
    name: 'Fútbol en español',
    prompt: 'Me gusta mucho el futbol',
    settings: { temperature: 0.7, topK: 50, topP: 0.95, noRepeatNgramSize: 2 },
    maxNewTokens: 150,
    // A Spanish GPT-2 (converted in the browser: the Hub has no ONNX export of it).
    modelId: 'datificate/gpt2-small-spanish',
  },
  {
    id: 'react-gpt-neo',
    name: 'Componente React con GPT-Neo',
    prompt: 'crea un componente base en ReactJS con Formik para el inicio de sesión',
    settings: { temperature: 0.7 },
    maxNewTokens: 500,
    // Converted in the browser; its catalog note says it wants WebGPU and q4 (about 2.6 GB).
    modelId: 'EleutherAI/gpt-neo-2.7B',
  },
  {
    id: 'autocomplete',
    name: 'Autocompletar',
    prompt: 'The future of artificial',
    settings: { temperature: 0.7 },
    maxNewTokens: 50,
    modelId: null,
  },
  {
    id: 'greedy-step',
    name: 'Paso voraz',
    prompt: 'Hello, I am',
    settings: { greedy: true },
    maxNewTokens: 6,
    modelId: null,
  },
];

/** The full settings a preset gives a panel: the defaults with the preset's values on top. */
export function presetSettings(preset: Preset): SamplingSettings {
  return clampSettings({ ...defaultSettings(), ...preset.settings });
}

/**
 * Fills the prompt and every panel with the preset. Max new tokens is kept as the preset says
 * (within the control's range) rather than cut to the loaded model's context: the preset may be
 * selecting a model with a longer one, and `generate` cuts to the context anyway.
 */
export function applyPreset(preset: Preset): void {
  const settings = presetSettings(preset);
  const maxNewTokens = clampMaxNewTokens(preset.maxNewTokens, null);
  useStore.setState((state) => ({
    prompt: preset.prompt,
    panels: state.panels.map((panel) => ({ ...panel, settings, maxNewTokens })),
  }));
  if (preset.modelId !== null) selectModel(preset.modelId);
}
