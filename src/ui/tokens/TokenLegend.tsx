import { memo } from 'react';
import { useStore } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { selectLanguage } from '../i18n/use-t.ts';
import { bandBounds } from './probability.ts';
import './tokens.css';

/** What the chip colours mean: the raw probability, in five bands. */
export const TokenLegend = memo(function TokenLegend() {
  const t = useT();
  const language = useStore(selectLanguage);
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <div role="group" aria-label={t('tokens.legendLabel')} className="token-legend">
      <p>{t('tokens.legend')}</p>
      <ul>
        {bandBounds().map(([from, to], band) => (
          <li key={band}>
            <span className={`token-chip legend-swatch band-${band}`} aria-hidden="true" />
            {percent.format(from)}–{percent.format(to)}
          </li>
        ))}
      </ul>
    </div>
  );
});
