import { memo, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MAX_PANELS } from '../../engine/decode-loop.ts';
import { duplicatePanel, removePanel, stop } from '../../state/actions.ts';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { panelRunSelector } from './selectors.ts';

/** The panel's name and its buttons: duplicate, remove, and stop this panel alone. */
export const PanelHeader = memo(function PanelHeader({ index, headingId }: { readonly index: number; readonly headingId: string }) {
  const t = useT();
  const selector = useMemo(() => panelRunSelector(index), [index]);
  const { panelRunning, requestId, panelCount } = useStore(useShallow(selector));
  // The panel keeps "running" until the whole batch ends; remember that this run was asked to stop.
  const [stoppedRun, setStoppedRun] = useState<string | null>(null);
  const stopping = panelRunning && requestId !== null && stoppedRun === requestId;
  const generating = requestId !== null;
  const n = index + 1;

  return (
    <header className="panel-header">
      <h2 id={headingId} className="panel-title">
        {t('panels.name', { n })}
      </h2>
      <div className="panel-actions">
        <button type="button" className="button button-small" disabled={generating || panelCount >= MAX_PANELS} onClick={() => duplicatePanel(index)}>
          {t('panels.duplicate')}
        </button>
        <button type="button" className="button button-small" disabled={generating || panelCount <= 1} onClick={() => removePanel(index)}>
          {t('panels.remove')}
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label={t('panels.stop', { n })}
          disabled={!panelRunning || stopping}
          onClick={() => {
            setStoppedRun(requestId);
            stop(index);
          }}
        >
          {t('panels.stopShort')}
        </button>
      </div>
    </header>
  );
});
