import { useShallow } from 'zustand/react/shallow';
import { labBlock, runLab, stopLab } from '../../state/lab-actions.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { BACKEND_NAMES } from '../model-bar/catalog-labels.ts';
import { effectiveBackend } from '../model-bar/model-options.ts';
import { LabCharts } from './LabCharts.tsx';
import { LabErrorAlert } from './LabErrorAlert.tsx';
import { LabProgressList } from './LabProgressList.tsx';
import { LabResultsTable } from './LabResultsTable.tsx';
import { LabStatusLine } from './LabStatusLine.tsx';
import { ReferenceTextPicker } from './ReferenceTextPicker.tsx';

const selectPanel = (s: Store) => ({
  modelId: s.modelId,
  device: s.device,
  probe: s.gpuProbe,
  status: s.lab.status,
  error: s.lab.error,
  hasRun: s.lab.run !== null,
  block: labBlock(s),
});

/** The measuring half of the lab: which text, Run and Stop, progress, the table and the charts. */
export function LabRunPanel() {
  const t = useT();
  const { modelId, device, probe, status, error, hasRun, block } = useStore(useShallow(selectPanel));
  const busy = status === 'running' || status === 'stopping';
  return (
    <section className="lab-section" aria-labelledby="lab-run-title">
      <h3 id="lab-run-title">{t('lab.run.title')}</h3>
      <p>{t('lab.run.model', { model: modelId, backend: BACKEND_NAMES[effectiveBackend(device, probe)] })}</p>
      <ReferenceTextPicker disabled={busy} />
      <div className="lab-actions">
        <button type="button" className="button button-primary" onClick={runLab} disabled={busy || block !== null}>
          {t('lab.run')}
        </button>
        <button type="button" className="button" onClick={stopLab} disabled={status !== 'running'}>
          {t('lab.stop')}
        </button>
        <LabStatusLine />
      </div>
      {block && <p className="lab-blocked">{t(`lab.blocked.${block}`)}</p>}
      {error && <LabErrorAlert error={error} />}
      {hasRun && <LabProgressList />}
      {hasRun && <LabResultsTable />}
      {hasRun && <LabCharts />}
    </section>
  );
}
