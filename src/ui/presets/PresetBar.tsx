import { memo, useId } from 'react';
import { applyPreset, PRESETS } from '../../state/presets.ts';
import { useT } from '../i18n/use-t.ts';
import './presets.css';

/** One button per example; a click fills the prompt and every panel (and picks the model if the example names one). */
export const PresetBar = memo(function PresetBar() {
  const t = useT();
  const labelId = useId();
  return (
    <div role="group" aria-labelledby={labelId} className="preset-bar">
      <span id={labelId} className="section-label">
        {t('presets.label')}
      </span>
      {PRESETS.map((preset) => (
        <button key={preset.id} type="button" className="button button-small preset-button" onClick={() => applyPreset(preset)}>
          {preset.name}
        </button>
      ))}
    </div>
  );
});
