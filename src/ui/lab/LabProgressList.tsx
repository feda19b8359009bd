import { useShallow } from 'zustand/react/shallow';
import type { ModelDtype } from '../../engine/backend-support.ts';
import type { LabCurrent } from '../../state/slices/lab-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/use-t.ts';
import { formatBytes } from '../model-bar/format.ts';
import { filePercent } from '../model-bar/model-options.ts';

const NO_DTYPES: readonly ModelDtype[] = [];
const selectProgress = (s: Store) => ({
  dtypes: s.lab.run?.dtypes ?? NO_DTYPES,
  rows: s.lab.rows,
  current: s.lab.current,
  ended: s.lab.status !== 'running' && s.lab.status !== 'stopping',
  language: s.language,
});

type Step = 'waiting' | 'loading' | 'decoding' | 'evaluating' | 'measured' | 'skipped' | 'notReached';

const STEP_KEYS: Readonly<Record<Step, MessageKey>> = {
  waiting: 'lab.progress.waiting',
  loading: 'lab.phase.loading',
  decoding: 'lab.phase.decoding',
  evaluating: 'lab.phase.evaluating',
  measured: 'lab.progress.measured',
  skipped: 'lab.progress.skipped',
  notReached: 'lab.progress.notReached',
};

/** One line per dtype of the run (waiting, its phase, measured or skipped), with file bars while it loads. */
export function LabProgressList() {
  const t = useT();
  const { dtypes, rows, current, ended, language } = useStore(useShallow(selectProgress));
  const stepOf = (dtype: ModelDtype): Step => {
    const row = rows.find((r) => r.dtype === dtype);
    if (row) return row.status;
    if (!ended && current?.dtype === dtype) return current.phase;
    return ended ? 'notReached' : 'waiting';
  };
  return (
    <ol className="lab-progress" aria-label={t('lab.progress.label')}>
      {dtypes.map((dtype) => {
        const step = stepOf(dtype);
        return (
          <li key={dtype} data-step={step}>
            <span className="lab-progress-dtype" translate="no">
              {dtype}
            </span>
            <span className="lab-progress-step">{t(STEP_KEYS[step])}</span>
            {step === 'loading' && current && <FileBars dtype={dtype} files={current.files} language={language} />}
          </li>
        );
      })}
    </ol>
  );
}

function FileBars({ dtype, files, language }: { dtype: ModelDtype; files: LabCurrent['files']; language: string }) {
  const t = useT();
  const entries = Object.entries(files);
  if (entries.length === 0) return null;
  return (
    <ul className="lab-files" aria-label={t('lab.files', { dtype })}>
      {entries.map(([name, file]) => {
        const percent = filePercent(file);
        const text =
          file.total !== null ? t('lab.file.progress', { loaded: formatBytes(file.loaded, language), total: formatBytes(file.total, language) })
          : file.done ? t('lab.file.done')
          : formatBytes(file.loaded, language);
        return (
          <li key={name}>
            <span className="lab-file-name" translate="no">
              {name}
            </span>
            <div role="progressbar" aria-label={name} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined} aria-valuetext={text} className="lab-bar">
              <div className="lab-bar-fill" style={{ width: `${percent ?? 100}%` }} />
            </div>
            <span className="lab-file-bytes">{text}</span>
          </li>
        );
      })}
    </ul>
  );
}
