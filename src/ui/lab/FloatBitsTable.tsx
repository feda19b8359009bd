import { encodeAllFormats, type FloatEncoding, type FloatFormat } from '../../engine/quant/float-bits.ts';
import { useStore } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { formatExact, formatSignificant } from './lab-format.ts';

const FORMATS: readonly FloatFormat[] = ['fp32', 'fp16', 'bf16'];
/** The number in each float format: its bits by field, the value they stand for, and the error. */
export function FloatBitsTable({ value }: { readonly value: number }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const encodings = encodeAllFormats(value);
  return (
    <div className="lab-table-wrap">
      <FieldLegend />
      <table className="lab-table lab-bits-table">
        <caption>{t('lab.float.caption', { number: formatExact(value, language) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.float.col.format')}</th>
            <th scope="col">{t('lab.float.col.bits')}</th>
            <th scope="col">{t('lab.float.col.stored')}</th>
            <th scope="col">{t('lab.float.col.error')}</th>
            <th scope="col">{t('lab.float.col.relative')}</th>
          </tr>
        </thead>
        <tbody>
          {FORMATS.map((format) => {
            const e = encodings[format];
            return (
              <tr key={format} data-format={format}>
                <th scope="row">{t(`lab.float.${format}`)}</th>
                <td>
                  <BitString encoding={e} />
                  {e.kind !== 'normal' && <span className="lab-kind"> {t(`lab.float.kind.${e.kind}`)}</span>}
                </td>
                <td data-cell="stored">{formatExact(e.value, language)}</td>
                <td data-cell="error">{formatSignificant(e.error.absolute, language, 3)}</td>
                <td>{formatSignificant(e.error.relative, language, 3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Sign, exponent and mantissa, coloured and also separated by spaces, so colour is not the only cue. */
function BitString({ encoding }: { readonly encoding: FloatEncoding }) {
  return (
    <code className="lab-bits" data-testid="bits" translate="no">
      <span className="lab-bit-sign">{encoding.sign}</span> <span className="lab-bit-exponent">{encoding.exponentBits}</span>{' '}
      <span className="lab-bit-mantissa">{encoding.mantissaBits}</span>
    </code>
  );
}

function FieldLegend() {
  const t = useT();
  return (
    <ul className="lab-legend" aria-label={t('lab.float.legend')}>
      <li>
        <span className="lab-swatch lab-bit-sign" aria-hidden="true" /> {t('lab.float.sign')}
      </li>
      <li>
        <span className="lab-swatch lab-bit-exponent" aria-hidden="true" /> {t('lab.float.exponent')}
      </li>
      <li>
        <span className="lab-swatch lab-bit-mantissa" aria-hidden="true" /> {t('lab.float.mantissa')}
      </li>
      <li className="lab-legend-order">{t('lab.float.order')}</li>
    </ul>
  );
}
