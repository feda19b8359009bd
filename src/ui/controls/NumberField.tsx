import { useId, useState, type KeyboardEvent } from 'react';
import type { Range } from '../../engine/settings-schema.ts';
import { committedValue, formatForInput, liveValue } from './number-draft.ts';

export interface NumberFieldProps {
  /** Visible label, and the input's accessible name. */
  readonly label: string;
  readonly value: number;
  readonly range: Range;
  readonly onCommit: (value: number) => void;
  /** Shown under the field and read as its description. */
  readonly hint?: string;
  readonly className?: string;
  /** Lets a slider beside it share the label row (SliderField). */
  readonly id?: string;
  readonly hideLabel?: boolean;
  /** Id of a description shown elsewhere (SliderField puts its hint under the slider). */
  readonly describedBy?: string;
}

/**
 * A number input that never sends a value out of range: in-range numbers go out as typed, others
 * are clamped on blur or Enter and the clamped value is shown.
 */
export function NumberField({ label, value, range, onCommit, hint, className, id, hideLabel = false, describedBy }: NumberFieldProps) {
  const ownId = useId();
  const inputId = id ?? ownId;
  const hintId = `${inputId}-hint`;
  const [draft, setDraft] = useState(() => formatForInput(value, range));
  // Follow changes made elsewhere (slider, preset, shared seed) without an effect.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    // Keep "1.0" on its way to "1.05": only rewrite text that no longer means the value.
    if (liveValue(draft, range) !== value) setDraft(formatForInput(value, range));
  }

  const commit = () => {
    const next = committedValue(draft, range, value);
    setDraft(formatForInput(next, range));
    if (next !== value) onCommit(next);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) commit();
  };

  return (
    <div className={['number-field', className].filter(Boolean).join(' ')}>
      <label htmlFor={inputId} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={inputId}
        type="number"
        inputMode="decimal"
        min={range.min}
        max={range.max}
        step={range.step}
        value={draft}
        aria-describedby={hint ? hintId : describedBy}
        onChange={(event) => {
          setDraft(event.target.value);
          const live = liveValue(event.target.value, range);
          if (live !== null && live !== value) onCommit(live);
        }}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
