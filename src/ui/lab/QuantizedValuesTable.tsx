import { useStore } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { formatExact, formatSignificant } from './lab-format.ts';
import type { QuantizedValue } from './quant-demo.ts';

/** A block's values through a quantizer and back; the first one is the person's number. */
export function QuantizedValuesTable({ caption, values }: { readonly caption: string; readonly values: readonly QuantizedValue[] }) {
  const t = useT();
  const language = useStore(selectLanguage);
  return (
    <div className="lab-table-wrap">
      <table className="lab-table lab-block-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('lab.q.col.value')}</th>
            <th scope="col">{t('lab.q.col.code')}</th>
            <th scope="col">{t('lab.q.col.recovered')}</th>
            <th scope="col">{t('lab.q.col.error')}</th>
          </tr>
        </thead>
        <tbody>
          {values.map((v, i) => (
            <tr key={i} className={i === 0 ? 'lab-yours' : undefined}>
              <th scope="row">
                {formatExact(v.input, language)}
                {i === 0 && <span className="lab-yours-tag"> ({t('lab.q.yours')})</span>}
              </th>
              <td>{v.code}</td>
              <td>{formatSignificant(v.recovered, language, 6)}</td>
              <td>{formatSignificant(v.error, language, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
