import { memo } from 'react';
import type { Store } from '../../state/store.ts';
import { useStore } from '../../state/store.ts';
import { errorText } from '../i18n/reasons.ts';
import { useT } from '../i18n/use-t.ts';

const selectGenerateError = (s: Store) => s.generateError;

/** Why the last generation failed and what to do, in the page's language. */
export const GenerateError = memo(function GenerateError() {
  const t = useT();
  const error = useStore(selectGenerateError);
  if (!error) return null;
  return (
    <p role="alert" className="generate-error">
      {t('panels.generateError', { message: errorText(t, error) })}
    </p>
  );
});
