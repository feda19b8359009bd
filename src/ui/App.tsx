import { useStore, type Store } from '../state/store.ts';
import { AutocompletePage } from './autocomplete/AutocompletePage.tsx';
import { AppHeader } from './header/AppHeader.tsx';
import { LabPage } from './lab/LabPage.tsx';
import { ModelBar } from './model-bar/ModelBar.tsx';
import { MODE_PANEL_ID, ModeTabs, modeTabId } from './modes/ModeTabs.tsx';
import { OfflinePanel } from './offline/OfflinePanel.tsx';
import { StepPage } from './step/StepPage.tsx';
import { Workspace } from './workspace/Workspace.tsx';

const selectMode = (s: Store) => s.mode;

/**
 * The page: header, the model bar (every mode uses the model loaded there), the mode tabs, then the
 * playground (prompt, panels, offline use) or one of the teaching modes.
 */
export function App() {
  const mode = useStore(selectMode);
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <ModelBar />
        <ModeTabs />
        <div id={MODE_PANEL_ID} role="tabpanel" aria-labelledby={modeTabId(mode)} className="mode-panel">
          {mode === 'playground' && (
            <>
              <Workspace />
              <OfflinePanel />
            </>
          )}
          {mode === 'step' && <StepPage />}
          {mode === 'autocomplete' && <AutocompletePage />}
          {mode === 'lab' && <LabPage />}
        </div>
      </main>
    </div>
  );
}
