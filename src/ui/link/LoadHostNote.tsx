import { modelHostLabel } from '../../state/model-host-url.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT } from '../i18n/use-t.ts';

const selectHost = (s: Store) => (s.loadSource?.kind === 'host' ? s.loadSource.host : null);

/**
 * Under a failed load's message: the model host the files were asked of, when it was not the
 * Hugging Face Hub, so a wrong or unreachable host is named rather than guessed at.
 */
export function LoadHostNote() {
  const t = useT();
  const host = useStore(selectHost);
  if (host === null) return null;
  return <p>{t('modelBar.error.host', { host: modelHostLabel(host) })}</p>;
}
