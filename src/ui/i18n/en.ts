/**
 * Every string of the UI in English. `es.ts` must have the same keys (the type checks it).
 * Sections belong to the components that use them; keep keys grouped by section.
 */
export const en = {
  // --- app ---
  'app.title': 'GPT Playground',
  'app.tagline': 'See how a language model writes: GPT-2, DistilGPT-2 and GPT-Neo, running in your browser.',
  'app.language': 'Language',
  'app.theme': 'Theme',
  'app.theme.light': 'Light',
  'app.theme.dark': 'Dark',
  // --- model bar ---
  // --- prompt and panels ---
  // --- tokens ---
  // --- share and export ---
} as const;

export type MessageKey = keyof typeof en;
