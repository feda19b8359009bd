import type { ModelIdProblem } from '../../engine/model-id.ts';
import { useStore, type Store } from '../../state/store.ts';
import { selectLanguage, useT } from '../i18n/use-t.ts';
import type { Translate } from '../i18n/reasons.ts';
import { formatInteger } from '../model-bar/format.ts';

const selectProblem = (s: Store) => (s.modelIdProblem !== null && s.modelIdProblem.modelId === s.modelId ? s.modelIdProblem.problem : null);

const selectModelId = (s: Store) => s.modelId;

/** The longest part of a refused id the message repeats. */
const MAX_ECHO = 60;

/** Why Load refused the id, in the page's language. */
export function modelIdProblemText(t: Translate, problem: ModelIdProblem, id: string, language: string): string {
  const shown = id.length > MAX_ECHO ? `${id.slice(0, MAX_ECHO - 1)}…` : id;
  switch (problem.code) {
    case 'empty':
      return t('modelId.error.empty');
    case 'too_long':
      return t('modelId.error.too_long', { length: formatInteger(problem.length, language), max: problem.max });
    case 'not_owner_name':
      return t('modelId.error.not_owner_name', { id: shown });
    case 'bad_character':
      return t('modelId.error.bad_character', { id: shown, character: problem.character });
    case 'bad_sequence':
      return t('modelId.error.bad_sequence', { id: shown });
  }
}

/** Whether Load refused the selected id: the field shows it as invalid. */
export function useModelIdProblem(): ModelIdProblem | null {
  return useStore(selectProblem);
}

/**
 * The model id field's inline error, after Load refused the id (nothing was requested for it).
 * An alert: it answers the press of Load. It goes once the id changes.
 */
export function ModelIdError({ id }: { id: string }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const problem = useModelIdProblem();
  const modelId = useStore(selectModelId);
  if (problem === null) return null;
  return (
    <p id={id} role="alert" className="field-hint field-hint-error model-id-error">
      {modelIdProblemText(t, problem, modelId, language)}
    </p>
  );
}
