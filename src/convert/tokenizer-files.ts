/**
 * Byte-level BPE tokenizer files (GPT-2's and GPT-Neo's): `tokenizer.json` written from the older
 * `vocab.json` + `merges.txt` pair, in the layout the `tokenizers` library saves, so transformers.js
 * loads a repo that only has the pair. The generator (scripts/models/tokenizer.ts) writes its files
 * with the same functions.
 */
import { ConvertError } from './errors.ts';

/** First line of a merges file; the Hub's `merges.txt` keeps it, the tokenizer skips it. */
export const MERGES_HEADER = '#version: 0.2';

/** A byte-level BPE model: the spelling of each id, and the merge rules, highest priority first. */
export interface BpeTables {
  readonly vocab: readonly string[];
  readonly merges: readonly (readonly [string, string])[];
}

/** A JSON value; a `Map` is an object whose key order must survive integer-like keys. */
export type Json = null | boolean | number | string | readonly Json[] | ReadonlyMap<string, Json> | { readonly [key: string]: Json };

function isJsonArray(value: Json): value is readonly Json[] {
  return Array.isArray(value);
}

/** Two-space indented JSON, the same text as `JSON.stringify(value, null, 2)` but honouring `Map` order. */
export function prettyJson(value: Json, indent = ''): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value);
  }
  const inner = `${indent}  `;
  if (isJsonArray(value)) {
    const items = value.map((item) => inner + prettyJson(item, inner));
    return items.length === 0 ? '[]' : `[\n${items.join(',\n')}\n${indent}]`;
  }
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  const fields = entries.map(([key, item]) => `${inner}${JSON.stringify(key)}: ${prettyJson(item, inner)}`);
  return fields.length === 0 ? '{}' : `{\n${fields.join(',\n')}\n${indent}}`;
}

/** Python's `json.dumps(indent=2) + "\n"`, which `transformers` uses for its config files. */
export function pythonJson(value: Json): string {
  return `${prettyJson(value)}\n`;
}

/** ByteLevel settings as `tokenizers` writes them for GPT-2 (they differ per component on the Hub too). */
function byteLevel(addPrefixSpace: boolean, trimOffsets: boolean): Json {
  return { type: 'ByteLevel', add_prefix_space: addPrefixSpace, trim_offsets: trimOffsets, use_regex: true };
}

/**
 * `tokenizer.json` in the layout `tokenizers` >= 0.20 saves (key order, 2-space indent, merges as
 * pairs), with GPT-2's byte-level pre-tokenizer, post-processor and decoder.
 * @param specialTokens - Tokens listed as special `added_tokens` (GPT-2: `<|endoftext|>`).
 */
export function bpeTokenizerJson(bpe: BpeTables, specialTokens: ReadonlySet<string>): string {
  const addedTokens = bpe.vocab.flatMap((token, id) =>
    specialTokens.has(token) ? [{ id, content: token, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }] : [],
  );
  return prettyJson({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: byteLevel(false, true),
    post_processor: byteLevel(true, false),
    decoder: byteLevel(true, true),
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      // A Map keeps id order; an object would hoist integer-like tokens ("0", "1"...) to the front.
      vocab: new Map(bpe.vocab.map((token, id) => [token, id])),
      merges: bpe.merges,
    },
  });
}

/** `vocab.json` as `tokenizers` saves it: compact, in id order. */
export function vocabJson(vocab: readonly string[]): string {
  return `{${vocab.map((token, id) => `${JSON.stringify(token)}:${id}`).join(',')}}`;
}

/**
 * Parses `vocab.json` (token -> id) and `merges.txt` into tables, checking that ids are 0..N-1 and
 * that every merge joins known tokens into a known token.
 * @throws ConvertError `damaged-file` naming the first problem.
 */
export function parseBpeFiles(vocabText: string, mergesText: string, source: string): BpeTables {
  let parsed: unknown;
  try {
    parsed = JSON.parse(vocabText);
  } catch {
    throw new ConvertError('damaged-file', `${source}: vocab.json is not JSON. Download it again.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConvertError('damaged-file', `${source}: vocab.json is not an object of token -> id.`);
  }
  const entries = Object.entries(parsed);
  const vocab = new Array<string | undefined>(entries.length);
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= entries.length || vocab[id] !== undefined) {
      throw new ConvertError('damaged-file', `${source}: vocab.json gives "${token}" the id ${String(id)}; ids must be 0..${entries.length - 1}, each once.`);
    }
    vocab[id] = token;
  }
  const known = new Set(entries.map(([token]) => token));
  const lines = mergesText.replace(/\r/g, '').split('\n').filter((l) => l.length > 0 && !l.startsWith('#version'));
  const merges = lines.map((line, i): [string, string] => {
    const [left, right, ...rest] = line.split(' ');
    if (!left || !right || rest.length > 0) throw new ConvertError('damaged-file', `${source}: merges.txt line ${i + 1} is "${line}", not two tokens.`);
    for (const token of [left, right, left + right]) {
      if (!known.has(token)) throw new ConvertError('damaged-file', `${source}: merge "${line}" uses "${token}", which vocab.json lacks.`);
    }
    return [left, right];
  });
  return { vocab: vocab as string[], merges };
}
