import { useId } from 'react';
import { dtypeSpeedNote, MODEL_DTYPES, type Backend, type ModelDtype } from '../../engine/backend-support.ts';
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

/** Why the dtype chosen by hand is slow on this backend (q4 on WASM), or null; `auto` never is. */
function speedNoteText(dtype: ModelDtype | 'auto', backend: Backend, t: Translate): string | null {
  const note = dtype === 'auto' ? null : dtypeSpeedNote(dtype, backend);
  return note === null ? null : t(`modelBar.dtype.slow.${note}`);
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
  const hasHint = unavailableReasons(options, t).length > 0 || options.some((o) => o.estimated) || speedNoteText(dtype, backend, t) !== null;
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

/** The sentences {@link DtypeHint} shows for a model-bar choice, in the order shown. */
export function dtypeHintLines(
  choice: Pick<ReturnType<typeof useModelChoice>, 'options' | 'dtype' | 'backend'>,
  t: Translate,
): string[] {
  const { options, dtype, backend } = choice;
  const lines = unavailableReasons(options, t);
  const speedNote = speedNoteText(dtype, backend, t);
  if (speedNote !== null) lines.push(speedNote);
  if (options.some((o) => o.estimated)) lines.push(t('modelBar.dtype.estimatedHint'));
  return lines;
}

/**
 * The reasons some dtypes are disabled, and why the chosen one is slow here; in the error colour
 * when the chosen one is disabled.
 */
export function DtypeHint({ id }: { id: string }) {
  const t = useT();
  const choice = useModelChoice();
  const reasons = dtypeHintLines(choice, t);
  const { blocked } = choice;
  if (reasons.length === 0) return null;
  return (
    <p id={id} className={blocked ? 'field-hint field-hint-error' : 'field-hint'}>
      {reasons.join(' ')}
    </p>
  );
}
