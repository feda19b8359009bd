/**
 * The editor's keys as intents. Pure, so the mapping is tested without a browser. `event.code`
 * for the brackets: on many layouts Alt+] types another character, and `key` would be that one.
 */

/** What a key press in the editor asks for. */
export type EditorIntent = 'accept' | 'dismiss' | 'next' | 'previous' | null;

/** The parts of a KeyboardEvent the mapping reads. */
export interface EditorKey {
  readonly key: string;
  readonly code: string;
  readonly altKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
}

/**
 * Tab (alone) accepts and Escape dismisses, but only while there is something to accept or
 * dismiss: otherwise Tab must still move the focus on, or a keyboard user is trapped in the
 * editor. Alt+] and Alt+[ cycle the alternatives.
 */
export function editorIntent(event: EditorKey, has: { suggestion: boolean; pending: boolean }): EditorIntent {
  const modified = event.ctrlKey || event.metaKey;
  if (event.key === 'Tab' && !modified && !event.altKey && !event.shiftKey) return has.suggestion ? 'accept' : null;
  if (event.key === 'Escape' && !modified) return has.suggestion || has.pending ? 'dismiss' : null;
  if (event.altKey && !modified && event.code === 'BracketRight') return has.suggestion ? 'next' : null;
  if (event.altKey && !modified && event.code === 'BracketLeft') return has.suggestion ? 'previous' : null;
  return null;
}
