/**
 * The address of another model host, such as a classroom mirror with the Hub's URL layout
 * (`<host>/<id>/resolve/<revision>/<file>`, what `npm run models` and scripts/hub/mock-hub.ts
 * speak). Typed by a person or read from a link, so it is checked before transformers.js gets it.
 */

export type ModelHostCheck =
  /** No host given: the Hugging Face Hub. */
  | { readonly kind: 'hub' }
  /** A usable host, normalised to end in `/` (transformers.js joins paths onto it). */
  | { readonly kind: 'host'; readonly host: string }
  /** Not an http(s) address; the text is kept so the page can show what was wrong. */
  | { readonly kind: 'invalid'; readonly text: string };

/** `http://10.0.0.5:8080`, `https://mirror.school/hf/` or empty; anything else is invalid. */
export function checkModelHost(text: string): ModelHostCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'hub' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { kind: 'invalid', text: trimmed };
  }
  // A query or hash would end up in the middle of every file URL.
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    return { kind: 'invalid', text: trimmed };
  }
  return { kind: 'host', host: url.href.endsWith('/') ? url.href : `${url.href}/` };
}

/** The host's name as a person reads it: `10.0.0.5:8080`, `mirror.school/hf`. */
export function modelHostLabel(host: string): string {
  const url = new URL(host);
  return `${url.host}${url.pathname.replace(/\/$/, '')}`;
}
