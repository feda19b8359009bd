import * as Slider from '@radix-ui/react-slider';
import { useId } from 'react';
import { clampToRange, type Range } from '../../engine/settings-schema.ts';
import { NumberField } from './NumberField.tsx';

export interface SliderFieldProps {
  /** Visible label, and the accessible name of both the slider and the number input. */
  readonly label: string;
  readonly value: number;
  readonly range: Range;
  readonly onCommit: (value: number) => void;
  readonly hint?: string;
}

/**
 * A Radix slider paired with a number input: drag or use the arrow keys, PageUp/PageDown, Home
 * and End on the slider, or type an exact value.
 */
export function SliderField({ label, value, range, onCommit, hint }: SliderFieldProps) {
  const inputId = useId();
  const hintId = `${inputId}-hint`;
  const shown = clampToRange(value, range);
  return (
    <div className="slider-field">
      <NumberField id={inputId} label={label} value={shown} range={range} onCommit={onCommit} describedBy={hint ? hintId : undefined} className="slider-field-number" />
      <Slider.Root
        className="slider-root"
        min={range.min}
        max={range.max}
        step={range.step}
        value={[shown]}
        onValueChange={([next]) => {
          // Radix adds steps in floating point (0.7 + 0.01 = 0.7100000000000001).
          if (next !== undefined) onCommit(clampToRange(next, range));
        }}
      >
        <Slider.Track className="slider-track">
          <Slider.Range className="slider-range" />
        </Slider.Track>
        <Slider.Thumb className="slider-thumb" aria-label={label} aria-describedby={hint ? hintId : undefined} />
      </Slider.Root>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
