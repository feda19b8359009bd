import { memo, useId } from 'react';
import { PanelHeader } from './PanelHeader.tsx';
import { PanelMetrics } from './PanelMetrics.tsx';
import { PanelOutput } from './PanelOutput.tsx';
import { PanelSettings } from './PanelSettings.tsx';

/**
 * One panel: a region named "Panel N" by its visible heading. It subscribes to nothing itself;
 * each part picks its own slice, so a streamed token re-renders the output and metrics only.
 */
export const Panel = memo(function Panel({ index }: { readonly index: number }) {
  const headingId = useId();
  return (
    <section className="panel card" aria-labelledby={headingId}>
      <PanelHeader index={index} headingId={headingId} />
      <PanelOutput index={index} />
      <PanelMetrics index={index} />
      <PanelSettings index={index} />
    </section>
  );
});
