import { useStore } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { formatSignificant } from './lab-format.ts';
import { Q4_DEMO_BLOCK_SIZE, q4Demo } from './quant-demo.ts';
import { QuantFacts } from './QuantFacts.tsx';
import { QuantizedValuesTable } from './QuantizedValuesTable.tsx';

/** The number in a 16-value block, quantized to 4-bit codes as q4 models store their weights. */
export function Q4BlockView({ value }: { readonly value: number }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const demo = q4Demo(value);
  const yours = demo.values[0]!;
  const f = (x: number, digits = 4) => formatSignificant(x, language, digits);
  return (
    <section className="lab-quant" aria-labelledby="lab-q4-title" data-testid="q4">
      <h4 id="lab-q4-title">{t('lab.q4.title')}</h4>
      <p>{t('lab.q4.intro', { n: Q4_DEMO_BLOCK_SIZE })}</p>
      <QuantFacts scale={demo.scale} zeroPoint={demo.zeroPoint} recovered={yours.recovered} error={yours.error} format={f} />
      <p>{t('lab.q4.summary', { max: f(demo.maxAbsError, 3), bound: f(demo.errorBound, 3) })}</p>
      <details>
        <summary>{t('lab.q4.showBlock', { n: Q4_DEMO_BLOCK_SIZE })}</summary>
        <QuantizedValuesTable caption={t('lab.q4.caption', { n: Q4_DEMO_BLOCK_SIZE - 1 })} values={demo.values} />
      </details>
    </section>
  );
}
