import { AppHeader } from './header/AppHeader.tsx';
import { ModelBar } from './model-bar/ModelBar.tsx';
import { OfflinePanel } from './offline/OfflinePanel.tsx';
import { Workspace } from './workspace/Workspace.tsx';

/** The playground page: header, the model bar, the prompt and the panels, then offline use. */
export function App() {
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <ModelBar />
        <Workspace />
        <OfflinePanel />
      </main>
    </div>
  );
}
