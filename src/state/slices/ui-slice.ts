import type { StateCreator } from 'zustand';
import type { Store } from '../store.ts';

export type Language = 'en' | 'es';
export type Theme = 'light' | 'dark';

/** The page's modes: the playground and the three teaching modes. */
export const APP_MODES = ['playground', 'step', 'autocomplete', 'lab'] as const;
export type AppMode = (typeof APP_MODES)[number];

export interface UiSlice {
  readonly language: Language;
  readonly theme: Theme;
  /** Show outputs as token chips (with ids and probabilities) instead of plain text. */
  readonly tokenView: boolean;
  /** Which mode the page shows (`?mode=` in the URL). */
  readonly mode: AppMode;
}

/** The browser's language and colour scheme, where they can be read. */
export function initialUiState(env: { languages?: readonly string[]; prefersDark?: boolean } = {}): UiSlice {
  const languages = env.languages ?? (typeof navigator === 'undefined' ? [] : navigator.languages);
  const prefersDark = env.prefersDark ?? (typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches);
  return {
    language: languages.find((l) => l.toLowerCase().startsWith('es')) ? 'es' : 'en',
    theme: prefersDark ? 'dark' : 'light',
    tokenView: false,
    mode: 'playground',
  };
}

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = () => initialUiState();
