import { useRef, type KeyboardEvent } from 'react';
import { setMode } from '../../state/actions.ts';
import { APP_MODES, type AppMode } from '../../state/slices/ui-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import './modes.css';

const selectMode = (s: Store) => s.mode;

/** The id of a mode's tab, for the panel's aria-labelledby. */
export const modeTabId = (mode: AppMode) => `mode-tab-${mode}`;
/** The id of the panel a tab controls. */
export const MODE_PANEL_ID = 'mode-panel';

/**
 * The playground and the three teaching modes as tabs (WAI-ARIA tabs pattern): arrow keys, Home
 * and End move between them, and the choice goes into the URL so a link opens the same mode.
 */
export function ModeTabs() {
  const t = useT();
  const mode = useStore(selectMode);
  const tabs = useRef<Partial<Record<AppMode, HTMLButtonElement | null>>>({});
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = APP_MODES.indexOf(mode);
    const last = APP_MODES.length - 1;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = APP_MODES[(next + APP_MODES.length) % APP_MODES.length] ?? 'playground';
    setMode(target);
    tabs.current[target]?.focus();
  };
  return (
    <div className="mode-tabs" role="tablist" aria-label={t('mode.nav')} onKeyDown={onKeyDown}>
      {APP_MODES.map((m) => (
        <button
          key={m}
          ref={(el) => {
            tabs.current[m] = el;
          }}
          type="button"
          role="tab"
          id={modeTabId(m)}
          aria-selected={m === mode}
          aria-controls={MODE_PANEL_ID}
          tabIndex={m === mode ? 0 : -1}
          className="mode-tab"
          onClick={() => setMode(m)}
        >
          {t(`mode.${m}`)}
        </button>
      ))}
    </div>
  );
}
