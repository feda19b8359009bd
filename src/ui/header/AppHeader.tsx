import { ExportMenu } from '../share/ExportMenu.tsx';
import { ShareButton } from '../share/ShareButton.tsx';
import { ThemeSwitch } from '../theme/ThemeSwitch.tsx';
import { useT } from '../i18n/use-t.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** Title, and the page-wide controls: share, export, language, theme. */
export function AppHeader() {
  const t = useT();
  return (
    <header className="app-header">
      <div className="app-heading">
        <h1>{t('app.title')}</h1>
        <p className="muted">{t('app.tagline')}</p>
      </div>
      <div className="app-actions" role="group" aria-label={t('app.settings')}>
        <ShareButton />
        <ExportMenu />
        <LanguageSwitch />
        <ThemeSwitch />
      </div>
    </header>
  );
}
