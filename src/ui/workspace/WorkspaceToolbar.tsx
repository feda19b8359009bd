import { memo } from 'react';
import { MAX_PANELS } from '../../engine/decode-loop.ts';
import { addPanel, setSharedSeed, setTokenView } from '../../state/actions.ts';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { Switch } from '../controls/Switch.tsx';
import { useT } from '../i18n/use-t.ts';
import { TokenLegend } from '../tokens/TokenLegend.tsx';
import { selectIsGenerating, selectPanelCount, selectTokenView } from './selectors.ts';

const selectSharedSeed = (s: Store) => s.sharedSeed;

/**
 * Switches seed sharing without changing the seed any panel shows: going separate, every panel
 * keeps the shared seed; going shared, the shared seed becomes panel 1's.
 */
/** Add a panel, share the seed between panels, and switch outputs to token chips. */
export const WorkspaceToolbar = memo(function WorkspaceToolbar() {
  const t = useT();
  const generating = useStore(selectIsGenerating);
  const panelCount = useStore(selectPanelCount);
  const sharedSeed = useStore(selectSharedSeed);
  const tokenView = useStore(selectTokenView);
  return (
    <div className="workspace-toolbar">
      <button type="button" className="button" disabled={generating || panelCount >= MAX_PANELS} onClick={addPanel}>
        {t('panels.add')}
      </button>
      <Switch label={t('panels.shareSeed')} checked={sharedSeed} onChange={setSharedSeed} />
      <Switch label={t('tokens.show')} checked={tokenView} onChange={setTokenView} />
      {tokenView && <TokenLegend />}
    </div>
  );
});
