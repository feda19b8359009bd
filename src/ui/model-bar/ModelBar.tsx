import { useId, type FormEvent } from 'react';
import { loadModel } from '../../state/actions.ts';
import { useStore, type Store } from '../../state/store.ts';
import { BackendStatus } from '../BackendStatus.tsx';
import { useT } from '../i18n/use-t.ts';
import { DevicePicker } from './DevicePicker.tsx';
import { DiskFolderPicker } from './DiskFolderPicker.tsx';
import { DtypeHint, DtypePicker } from './DtypePicker.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { ModelDetails } from './ModelDetails.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import './model-bar.css';
import { useFolderDrop } from './use-folder-drop.ts';
import { useModelChoice } from './use-model-choice.ts';

const selectLoading = (s: Store) => s.loadStatus === 'loading';

/** Pick a model, a dtype and a backend, load it, and see what it runs on. */
export function ModelBar() {
  const t = useT();
  const loading = useStore(selectLoading);
  const { modelId, entry, blocked } = useModelChoice();
  const detailsId = useId();
  const dtypeHintId = useId();
  const { dragging, dropProps } = useFolderDrop();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Older Xenova exports name their ONNX file differently; the catalog knows which.
    loadModel(entry?.modelFileName);
  };

  return (
    // A model folder dropped anywhere on the bar opens it (a USB stick's folder, dragged in).
    <section aria-label={t('modelBar.region')} className={dragging ? 'model-bar card drop-target' : 'model-bar card'} {...dropProps}>
      {dragging && (
        <p className="drop-hint" aria-hidden="true">
          {t('offline.disk.dropHere')}
        </p>
      )}
      <form className="model-form" onSubmit={submit} aria-describedby={detailsId}>
        <ModelPicker />
        <DtypePicker hintId={dtypeHintId} />
        <DevicePicker />
        <div className="field field-load">
          <button type="submit" className="button button-primary" disabled={loading || modelId === '' || blocked !== null}>
            {t('modelBar.load')}
          </button>
        </div>
      </form>
      <DiskFolderPicker />
      <DtypeHint id={dtypeHintId} />
      <ModelDetails id={detailsId} />
      <LoadStatus />
      <BackendStatus />
    </section>
  );
}
