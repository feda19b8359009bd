import { useShallow } from 'zustand/react/shallow';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';

const selectStatus = (s: Store) => ({
  status: s.lab.status,
  current: s.lab.current,
  rows: s.lab.rows,
  total: s.lab.run?.dtypes.length ?? 0,
});

/** One line, announced politely: what the lab is doing, or how it ended. */
export function LabStatusLine() {
  const t = useT();
  const { status, current, rows, total } = useStore(useShallow(selectStatus));
  const measured = rows.filter((r) => r.status === 'measured').length;
  const skipped = rows.length - measured;
  // The first dtype is the baseline: without it the run measured sizes and speeds, but compared nothing.
  const hasBaseline = rows.some((r) => r.status === 'measured' && r.baseline);
  const text = (() => {
    switch (status) {
      case 'idle':
        return t('lab.status.idle');
      case 'running':
        return current ? t('lab.status.running', { dtype: current.dtype, phase: t(`lab.phase.${current.phase}`) }) : t('lab.status.starting');
      case 'stopping':
        return t('lab.status.stopping');
      case 'done':
        return t(hasBaseline ? 'lab.status.done' : 'lab.status.doneNoBaseline', { measured, skipped });
      case 'stopped':
        // A skipped dtype is not a finished one: measured and skipped are counted apart.
        return t('lab.status.stopped', { measured, skipped, total });
      case 'error':
        return t('lab.status.error');
    }
  })();
  return (
    <p role="status" aria-label={t('lab.status.label')} className="lab-status" data-status={status}>
      {text}
    </p>
  );
}
