import { useId } from 'react';
import { buildRunExport, exportFileName, hasFinishedRun, runToJson } from '../../state/export.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';
import { downloadText } from './download.ts';
import { runToMarkdown } from './run-markdown.ts';
import { usePopover } from './use-popover.ts';

const selectCanExport = (s: Store) => hasFinishedRun(s);

/** Downloads the last finished run as JSON (everything) or Markdown (a report). */
export function ExportMenu() {
  const t = useT();
  const canExport = useStore(selectCanExport);
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const popoverId = useId();

  const download = (format: 'json' | 'md') => {
    const run = buildRunExport(useStore.getState(), new Date());
    if (!run) return;
    if (format === 'json') downloadText(exportFileName(run, 'json'), runToJson(run), 'application/json');
    else downloadText(exportFileName(run, 'md'), runToMarkdown(run, useStore.getState().language), 'text/markdown');
    setOpen(false);
  };

  return (
    <div className="popover-anchor" ref={ref}>
      <button type="button" className="button" aria-expanded={open} aria-controls={popoverId} onClick={() => setOpen(!open)}>
        {t('export.button')}
      </button>
      <div id={popoverId} className="popover" role="dialog" aria-label={t('export.title')} hidden={!open}>
        {canExport ? (
          <ul className="menu-list">
            <li>
              <button type="button" className="button" onClick={() => download('json')}>
                {t('export.json')}
              </button>
              <p className="muted small">{t('export.json.hint')}</p>
            </li>
            <li>
              <button type="button" className="button" onClick={() => download('md')}>
                {t('export.markdown')}
              </button>
              <p className="muted small">{t('export.markdown.hint')}</p>
            </li>
          </ul>
        ) : (
          <p className="muted">{t('export.nothing')}</p>
        )}
      </div>
    </div>
  );
}
