import { setTheme } from '../../state/actions.ts';
import type { Theme } from '../../state/slices/ui-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';

const selectTheme = (s: Store) => s.theme;

/** Light or dark, as two toggle buttons; starts as the system's colour scheme. */
export function ThemeSwitch() {
  const t = useT();
  const theme = useStore(selectTheme);
  const button = (value: Theme, icon: string, label: string) => (
    <button type="button" className="segment" aria-pressed={theme === value} onClick={() => setTheme(value)}>
      <span aria-hidden="true">{icon}</span> {label}
    </button>
  );
  return (
    <div role="group" aria-label={t('app.theme')} className="segmented">
      {button('light', '☀', t('app.theme.light'))}
      {button('dark', '☾', t('app.theme.dark'))}
    </div>
  );
}
