import { memo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../state/store.ts';
import { Panel } from './Panel.tsx';
import { selectPanelIds } from './selectors.ts';
import './panels.css';

/** One column per panel on wide screens, stacked on a phone. Re-renders only when panels come or go. */
export const PanelGrid = memo(function PanelGrid() {
  const ids = useStore(useShallow(selectPanelIds));
  return (
    <div className="panel-grid" data-panels={ids.length}>
      {ids.map((id, index) => (
        <Panel key={id} index={index} />
      ))}
    </div>
  );
});
