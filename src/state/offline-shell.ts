/**
 * Registers the service worker that stores the app shell (vite-plugin-pwa, Workbox; see
 * docs/offline.md) and follows its state. The dev server has none.
 */
import { registerSW } from 'virtual:pwa-register';
import { useStore } from './store.ts';

export function registerOfflineShell(): void {
  if (import.meta.env.DEV) {
    useStore.setState({ shell: 'development' });
    return;
  }
  if (!('serviceWorker' in navigator)) {
    useStore.setState({ shell: 'unsupported' });
    return;
  }
  registerSW({
    immediate: true,
    // A first visit: the shell has just been stored.
    onOfflineReady: () => useStore.setState({ shell: 'ready' }),
    // A later visit: an active worker already holds the shell.
    onRegisteredSW: (_url, registration) => {
      if (registration?.active) useStore.setState({ shell: 'ready' });
    },
    onRegisterError: () => useStore.setState({ shell: 'failed' }),
  });
}
