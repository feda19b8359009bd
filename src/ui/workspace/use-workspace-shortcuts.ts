import { useEffect } from 'react';
import { generate, stop } from '../../state/actions.ts';
import { useStore } from '../../state/store.ts';
import { shortcutFor } from './shortcuts.ts';

/**
 * Ctrl/Cmd+Enter generates and Esc stops, wherever focus is on the page. Listens in the bubble
 * phase so a closer handler (a popover's Esc) can claim the key first with `preventDefault`.
 * Reads the store when a key comes instead of subscribing: keys must not re-render anything.
 */
export function useWorkspaceShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (shortcut === null) return;
      const { loadStatus, generateRequestId } = useStore.getState();
      if (shortcut === 'generate') {
        event.preventDefault();
        if (loadStatus === 'ready' && generateRequestId === null) generate();
      } else if (generateRequestId !== null) {
        event.preventDefault();
        stop(null);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
