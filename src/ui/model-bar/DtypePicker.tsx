import { useId } from 'react';
import { MODEL_DTYPES, type ModelDtype } from '../../engine/backend-support.ts';
import { selectDtype } from '../../state/actions.ts';
import { useStore } from '../../state/store.ts';
import { unsupportedText, type Translate } from '../i18n/reasons.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { BACKEND_NAMES } from './catalog-labels.ts';
import { formatBytes } from './format.ts';
import { useModelChoice } from './use-model-choice.ts';

const isDtype = (value: string): value is ModelDtype => (MODEL_DTYPES as readonly string[]).includes(value);

/** Why some dtypes cannot run on this backend, one sentence each. */
function unavailableReasons(options: ReturnType<typeof useModelChoice>['options'], t: Translate): string[] {
  return [...new Set(options.flatMap((o) => (o.support.ok ? [] : [unsupportedText(t, o.support)])))];
}

/**
 * `auto` and the selected model's dtypes; those the backend cannot run are disabled, and
 * {@link DtypeHint} (element `hintId`) says why.
 */
export function DtypePicker({ hintId }: { hintId: string }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const { dtype, backend, options, autoDtype, blocked } = useModelChoice();
  const id = useId();
  const hasHint = unavailableReasons(options, t).length > 0 || options.some((o) => o.estimated);
  const backendName = BACKEND_NAMES[backend];

  return (
    <div className="field field-dtype">
      <label htmlFor={id}>{t('modelBar.dtype')}</label>
      <select
        id={id}
        value={dtype}
        aria-invalid={blocked !== null}
        aria-describedby={hasHint ? hintId : undefined}
        onChange={(event) => selectDtype(isDtype(event.target.value) ? event.target.value : 'auto')}
      >
        <option value="auto">{t('modelBar.dtype.auto', { dtype: autoDtype })}</option>
        {options.map((o) => (
          <option key={o.dtype} value={o.dtype} disabled={!o.support.ok}>
            {!o.support.ok
              ? t('modelBar.dtype.unavailable', { dtype: o.dtype, backend: backendName })
              : o.bytes === null
                ? o.dtype
                : o.estimated
                  ? t('modelBar.dtype.estimated', { dtype: o.dtype, size: formatBytes(o.bytes, language) })
                  : `${o.dtype} · ${formatBytes(o.bytes, language)}`}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The reasons some dtypes are disabled; in the error colour when the chosen one is among them. */
export function DtypeHint({ id }: { id: string }) {
  const t = useT();
  const { options, blocked } = useModelChoice();
  const reasons = unavailableReasons(options, t);
  if (options.some((o) => o.estimated)) reasons.push(t('modelBar.dtype.estimatedHint'));
  if (reasons.length === 0) return null;
  return (
    <p id={id} className={blocked ? 'field-hint field-hint-error' : 'field-hint'}>
      {reasons.join(' ')}
    </p>
  );
}
