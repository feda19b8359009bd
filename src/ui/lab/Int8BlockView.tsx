import { useStore } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { formatSignificant } from './lab-format.ts';
import { int8Demo, INT8_BLOCK_LENGTH } from './quant-demo.ts';
import { QuantFacts } from './QuantFacts.tsx';
import { QuantizedValuesTable } from './QuantizedValuesTable.tsx';

/** The number in an 8-value block, quantized to 8 bits with a scale and a zero point. */
export function Int8BlockView({ value }: { readonly value: number }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const demo = int8Demo(value);
  const yours = demo.values[0]!;
  const f = (x: number, digits = 4) => formatSignificant(x, language, digits);
  return (
    <section className="lab-quant" aria-labelledby="lab-int8-title" data-testid="int8">
      <h4 id="lab-int8-title">{t('lab.int8.title')}</h4>
      <p>{t('lab.int8.intro', { n: INT8_BLOCK_LENGTH })}</p>
      <QuantFacts scale={demo.scale} zeroPoint={demo.zeroPoint} recovered={yours.recovered} error={yours.error} format={f} />
      <QuantizedValuesTable caption={t('lab.int8.caption', { n: INT8_BLOCK_LENGTH - 1 })} values={demo.values} />
      <p className="field-hint">
        {t('lab.int8.symmetric', { scale: f(demo.symmetric.scale), code: demo.symmetric.code, recovered: f(demo.symmetric.recovered, 6), error: f(demo.symmetric.error, 3) })}
      </p>
    </section>
  );
}
