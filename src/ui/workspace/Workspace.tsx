import { PanelGrid } from '../panels/PanelGrid.tsx';
import { PresetBar } from '../presets/PresetBar.tsx';
import { PromptBox } from '../prompt/PromptBox.tsx';
import { GenerateError } from './GenerateError.tsx';
import { useWorkspaceShortcuts } from './use-workspace-shortcuts.ts';
import { WorkspaceToolbar } from './WorkspaceToolbar.tsx';
import './workspace.css';

/**
 * The prompt, the examples and the panels. Subscribes to nothing: each part reads its own slice
 * of the store, so streaming tokens re-render only the outputs they land in.
 */
export function Workspace() {
  useWorkspaceShortcuts();
  return (
    <div className="workspace">
      <PromptBox />
      <PresetBar />
      <WorkspaceToolbar />
      <GenerateError />
      <PanelGrid />
    </div>
  );
}
