import { useId, type FormEvent } from 'react';
import { loadModel } from '../../state/actions.ts';
import { useStore, type Store } from '../../state/store.ts';
import { BackendStatus } from '../BackendStatus.tsx';
import { ConvertOffer } from '../convert/ConvertOffer.tsx';
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
import { HostConfirm } from '../link/HostConfirm.tsx';
import { LinkNotice } from '../link/LinkNotice.tsx';
import { SizeWarning } from '../link/SizeWarning.tsx';
import { useSizeCheck } from '../link/use-size-check.ts';

const selectLoading = (s: Store) => s.loadStatus === 'loading';

/** Pick a model, a dtype and a backend, load it, and see what it runs on. */
export function ModelBar() {
  const t = useT();
  const loading = useStore(selectLoading);
  const { modelId, entry, blocked } = useModelChoice();
  const size = useSizeCheck();
  const detailsId = useId();
  const dtypeHintId = useId();
  const { dragging, dropProps } = useFolderDrop();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (loading) return; // Load is only aria-disabled while a load runs (below)
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
      <LinkNotice />
      <form className="model-form" onSubmit={submit} aria-describedby={detailsId}>
        <ModelPicker />
        <DtypePicker hintId={dtypeHintId} />
        <DevicePicker />
        <div className="field field-load">
          {/* While a load runs Load is aria-disabled, not disabled: a disabled button loses the focus,
              which would drop a keyboard user to the top of the page. */}
          <button
            type="submit"
            className="button button-primary"
            disabled={modelId === '' || blocked !== null || size.blocksLoad}
            aria-disabled={loading || undefined}
          >
            {t('modelBar.load')}
          </button>
        </div>
      </form>
      <SizeWarning check={size} modelId={modelId} />
      <DiskFolderPicker />
      <ConvertOffer />
      <DtypeHint id={dtypeHintId} />
      <ModelDetails id={detailsId} />
      <LoadStatus />
      <HostConfirm />
      <BackendStatus />
    </section>
  );
}
