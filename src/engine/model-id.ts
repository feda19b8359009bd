/**
 * Whether a text can be a model id, checked before anything is requested for it. A model id is
 * typed by a person or read from a shared link, and transformers.js joins it into file paths and
 * URLs: `../../etc/passwd` would ask this page's own server for `/etc/passwd/config.json` (and get
 * its HTML back), a 5,000-character id would be sent to the host as is. Neither is a model.
 *
 * The grammar is the Hugging Face Hub's for repository ids (huggingface_hub `validate_repo_id`,
 * transformers.js `isValidHfModelId`): `owner/name`, each part 1 to 96 of the letters A–Z and a–z,
 * the digits, `-`, `_` and `.`, starting and ending with a letter, a digit or `_`, with no `--` or
 * `..` anywhere, and not ending in `.git` or `.ipynb`. The app's own ids follow it too:
 * `local/<name>` (served by the page) and `disk/<name>` (a folder opened from disk).
 */

/** The longest owner or name the Hub accepts. */
export const MAX_MODEL_ID_PART = 96;

/** Why a text is not a model id; the page words each in its language. */
export type ModelIdProblem =
  /** Nothing typed. */
  | { readonly code: 'empty' }
  /** Longer than an id can be: `length` characters where each part has at most `max`. */
  | { readonly code: 'too_long'; readonly length: number; readonly max: number }
  /** Not one `/` between two parts (`gpt2`, `a/b/c`, `/etc/passwd`). */
  | { readonly code: 'not_owner_name' }
  /** A character the Hub does not allow (a space, `%`, `:`, `\`, a letter outside A–Z). */
  | { readonly code: 'bad_character'; readonly character: string }
  /** `--` or `..` (a path going up), or a part starting or ending with `-` or `.`. */
  | { readonly code: 'bad_sequence' };

export type ModelIdCheck = { readonly ok: true } | ({ readonly ok: false } & ModelIdProblem);

const PART = /^\w(?:[\w.-]*\w)?$/;
const ALLOWED = /^[\w.-]$/;

/** Whether `id` is a model id (see the module's comment), and if not, the first reason why not. */
export function checkModelId(id: string): ModelIdCheck {
  if (id.length === 0) return { ok: false, code: 'empty' };
  // Checked first, so a huge id is never scanned further (or echoed back in full).
  if (id.length > 2 * MAX_MODEL_ID_PART + 1) return { ok: false, code: 'too_long', length: id.length, max: MAX_MODEL_ID_PART };
  const bad = [...id].find((c) => c !== '/' && !ALLOWED.test(c));
  if (bad !== undefined) return { ok: false, code: 'bad_character', character: bad };
  const parts = id.split('/');
  if (parts.length !== 2 || parts.some((p) => p.length === 0)) return { ok: false, code: 'not_owner_name' };
  const longest = Math.max(...parts.map((p) => p.length));
  if (longest > MAX_MODEL_ID_PART) return { ok: false, code: 'too_long', length: longest, max: MAX_MODEL_ID_PART };
  if (id.includes('--') || id.includes('..') || parts.some((p) => !PART.test(p)) || /\.(git|ipynb)$/.test(id)) {
    return { ok: false, code: 'bad_sequence' };
  }
  return { ok: true };
}
