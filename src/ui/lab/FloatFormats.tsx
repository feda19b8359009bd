import { useId, useState } from 'react';
import { useT } from '../i18n/use-t.ts';
import { BlockRangeSlider } from './BlockRangeSlider.tsx';
import { FloatBitsTable } from './FloatBitsTable.tsx';
import { Int8BlockView } from './Int8BlockView.tsx';
import { parseTypedNumber } from './lab-format.ts';
import { Q4BlockView } from './Q4BlockView.tsx';

/**
 * "Float formats": one number typed by the person, shown as the bits of fp32, fp16 and bf16, then
 * quantized in a small block to 8 and to 4 bits; and how the 4-bit error grows with a block's range.
 * All of it is a few hundred arithmetic operations, fine on the main thread.
 */
export function FloatFormats() {
  const t = useT();
  const id = useId();
  const [text, setText] = useState('1');
  const value = parseTypedNumber(text);
  return (
    <section className="lab-section" aria-labelledby="lab-float-title">
      <h3 id="lab-float-title">{t('lab.float.title')}</h3>
      <p>{t('lab.float.intro')}</p>
      <div className="lab-number">
        <label htmlFor={`${id}-number`}>{t('lab.float.number')}</label>
        <input
          id={`${id}-number`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-invalid={value === null}
          aria-describedby={value === null ? `${id}-invalid` : undefined}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      {value === null ?
        <p id={`${id}-invalid`} className="lab-blocked">
          {t('lab.float.invalid')}
        </p>
      : <>
          <FloatBitsTable value={value} />
          {Number.isFinite(value) ?
            <div className="lab-quant-grid">
              <Int8BlockView value={value} />
              <Q4BlockView value={value} />
            </div>
          : <p className="lab-blocked">{t('lab.finite')}</p>}
        </>
      }
      <BlockRangeSlider />
    </section>
  );
}
