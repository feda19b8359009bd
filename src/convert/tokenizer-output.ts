/**
 * The tokenizer files a converted model gets: the repository's `tokenizer.json` as it is, or one
 * written from `vocab.json` + `merges.txt`; a `tokenizer_config.json` transformers.js understands.
 */
import type { ModelShape } from '../onnx/spec.ts';
import type { RepoReader } from './checkpoint.ts';
import { ConvertError } from './errors.ts';
import { bpeTokenizerJson, parseBpeFiles, pythonJson, type Json } from './tokenizer-files.ts';

/** Tokenizer classes transformers.js maps to GPT-2's byte-level BPE. */
const KNOWN_CLASSES = new Set(['GPT2Tokenizer', 'GPT2TokenizerFast', 'PreTrainedTokenizerFast']);
const END_OF_TEXT = '<|endoftext|>';

async function readJson(repo: RepoReader, path: string): Promise<Record<string, unknown> | null> {
  if (!repo.files.has(path)) return null;
  try {
    const value: unknown = JSON.parse(await repo.readText(path));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    throw new ConvertError('damaged-file', `${repo.name}: ${path} is not valid JSON. Download it again.`);
  }
}

/** A token named in a tokenizer config: a string, or `{ content }` (AddedToken). */
const tokenText = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { content?: unknown }).content === 'string' ? (value as { content: string }).content : null;

/** The special tokens named by the repository's tokenizer config and special tokens map. */
function specialTokens(config: Record<string, unknown> | null, map: Record<string, unknown> | null, vocab: readonly string[]): Set<string> {
  const specials = new Set<string>();
  for (const source of [config, map]) {
    for (const key of ['bos_token', 'eos_token', 'unk_token', 'pad_token']) {
      const text = tokenText(source?.[key]);
      if (text) specials.add(text);
    }
  }
  const decoder = config?.added_tokens_decoder;
  if (typeof decoder === 'object' && decoder !== null) {
    for (const entry of Object.values(decoder)) {
      const text = tokenText(entry);
      if (text && (entry as { special?: unknown }).special !== false) specials.add(text);
    }
  }
  if (specials.size === 0 && vocab.includes(END_OF_TEXT)) specials.add(END_OF_TEXT);
  return new Set([...specials].filter((token) => vocab.includes(token)));
}

/**
 * File name -> text of the tokenizer files to write.
 * @throws ConvertError `missing-tokenizer` when the repository has neither tokenizer.json nor vocab.json + merges.txt.
 */
export async function tokenizerOutput(repo: RepoReader, shape: ModelShape): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const config = await readJson(repo, 'tokenizer_config.json');
  const map = await readJson(repo, 'special_tokens_map.json');
  const hasPair = repo.files.has('vocab.json') && repo.files.has('merges.txt');
  if (repo.files.has('tokenizer.json')) {
    files['tokenizer.json'] = await repo.readText('tokenizer.json');
  } else if (hasPair) {
    const vocabText = await repo.readText('vocab.json');
    const mergesText = await repo.readText('merges.txt');
    const bpe = parseBpeFiles(vocabText, mergesText, repo.name);
    files['tokenizer.json'] = bpeTokenizerJson(bpe, specialTokens(config, map, bpe.vocab));
  } else {
    throw new ConvertError('missing-tokenizer', `${repo.name} has no tokenizer.json, nor vocab.json and merges.txt, so its text cannot be tokenized. If it uses GPT-2's tokenizer (GPT-Neo models and most GPT-2 fine-tunes do), convert it with --tokenizer gpt2.`);
  }
  if (hasPair) {
    files['vocab.json'] = await repo.readText('vocab.json');
    files['merges.txt'] = await repo.readText('merges.txt');
  }
  if (map) files['special_tokens_map.json'] = pythonJson(map as Json);
  // transformers.js picks its tokenizer class from here; newer transformers writes names it does not know.
  const out: Record<string, unknown> = { ...(config ?? { bos_token: END_OF_TEXT, eos_token: END_OF_TEXT, unk_token: END_OF_TEXT }) };
  if (typeof out.tokenizer_class !== 'string' || !KNOWN_CLASSES.has(out.tokenizer_class)) out.tokenizer_class = 'GPT2Tokenizer';
  const maxLength = out.model_max_length;
  if (typeof maxLength !== 'number' || maxLength > shape.nPositions) out.model_max_length = shape.nPositions;
  // Missing, transformers.js assumes true and deletes the space in " ," when decoding.
  out.clean_up_tokenization_spaces ??= false;
  files['tokenizer_config.json'] = pythonJson(out as Json);
  return files;
}
