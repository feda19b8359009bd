import { useT } from '../i18n/use-t.ts';
import { FloatFormats } from './FloatFormats.tsx';
import { LabRunPanel } from './LabRunPanel.tsx';
import './lab.css';

/**
 * The quantization lab: every dtype of the model bar's model measured against fp32, and how one
 * number is stored in each float format and quantized in a block.
 */
export function LabPage() {
  const t = useT();
  return (
    <section className="mode-page lab-page" aria-labelledby="lab-title">
      <h2 id="lab-title">{t('mode.lab')}</h2>
      <p className="lab-intro">{t('lab.intro')}</p>
      <LabRunPanel />
      <FloatFormats />
    </section>
  );
}
