import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { probeGpu } from './state/actions.ts';
import { keepAddressBarInSync } from './state/address-bar.ts';
import { receiveLink } from './state/link-safety.ts';
import { refreshStoredModels } from './state/browser-storage.ts';
import { registerOfflineShell } from './state/offline-shell.ts';
import { applyUrlState } from './state/url-state.ts';
import { startModelWorker } from './state/worker-bridge.ts';
import { App } from './ui/App.tsx';
import './ui/theme/theme.css';
import './ui/app.css';
import { syncDocumentWithStore } from './ui/theme/sync-document.ts';

// Outside React, so StrictMode's double effects cannot start a second worker.
startModelWorker();
void probeGpu();
registerOfflineShell();
void refreshStoredModels();
// A shared link's setup is in the store before the first render: no flash of the defaults. It
// names the model it was made with, so that model loads at once, as on the page it came from —
// unless the link also names a model host: then the person is asked first, and nothing contacts
// that host before the answer (state/link-safety.ts). The load checks the id before any request.
receiveLink(window.location.href, applyUrlState(window.location.href));
keepAddressBarInSync();
syncDocumentWithStore();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
