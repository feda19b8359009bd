import type { MessageKey } from './en.ts';

/** Every string of the UI in Spanish; the same keys as `en.ts`. */
export const es: Record<MessageKey, string> = {
  // --- app ---
  'app.title': 'GPT Playground',
  'app.tagline': 'Mira cómo escribe un modelo de lenguaje: GPT-2, DistilGPT-2 y GPT-Neo, en tu navegador.',
  'app.language': 'Idioma',
  'app.theme': 'Tema',
  'app.theme.light': 'Claro',
  'app.theme.dark': 'Oscuro',
  // --- model bar ---
  // --- prompt and panels ---
  // --- tokens ---
  // --- share and export ---
};
