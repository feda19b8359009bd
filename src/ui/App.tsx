import { AppHeader } from './header/AppHeader.tsx';
import { ModelBar } from './model-bar/ModelBar.tsx';
import { Workspace } from './workspace/Workspace.tsx';

/** The playground page: header, the model bar, then the prompt and the panels. */
export function App() {
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <ModelBar />
        <Workspace />
      </main>
    </div>
  );
}
