/** The workspace's keyboard shortcuts, apart from the DOM so they can be tested as data. */

export type WorkspaceShortcut = 'generate' | 'stop';

export interface KeyLike {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  /** Something closer to the key (a token popover closing on Esc) already handled it. */
  readonly defaultPrevented: boolean;
  /** An input method is composing: Enter picks a candidate, Esc cancels the composition. */
  readonly isComposing: boolean;
}

/** Ctrl+Enter (Cmd+Enter on a Mac) generates; Esc stops every panel. */
export function shortcutFor(event: KeyLike): WorkspaceShortcut | null {
  if (event.defaultPrevented || event.isComposing) return null;
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.altKey) return 'generate';
  if (event.key === 'Escape' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey) return 'stop';
  return null;
}
