import { useId } from 'react';
import { setModelHost } from '../../state/actions.ts';
import { useStore, type Store } from '../../state/store.ts';
import { checkModelHost } from '../../state/model-host-url.ts';
import { useT } from '../i18n/use-t.ts';

const selectModelHost = (s: Store) => s.modelHost;

/**
 * Where Hub ids are downloaded from: the Hugging Face Hub, or a classroom mirror with the Hub's
 * URL layout (also set by a link's `?hub=`). The next load uses it.
 */
export function ModelHostField() {
  const t = useT();
  const id = useId();
  const hintId = useId();
  const text = useStore(selectModelHost);
  const check = checkModelHost(text);
  const invalid = check.kind === 'invalid';
  return (
    <div className="field model-host">
      <label htmlFor={id}>{t('offline.host.label')}</label>
      <input
        id={id}
        type="url"
        value={text}
        placeholder={t('offline.host.placeholder')}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        aria-invalid={invalid}
        aria-describedby={hintId}
        onChange={(event) => setModelHost(event.target.value)}
      />
      <p id={hintId} className={invalid ? 'field-hint field-hint-error' : 'field-hint'}>
        {invalid ? t('offline.host.invalid', { text: check.text }) : t('offline.host.hint')}
      </p>
    </div>
  );
}
