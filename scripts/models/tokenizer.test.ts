import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { encode as referenceEncode } from 'gpt-3-encoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTokenizerFiles, END_OF_TEXT, END_OF_TEXT_ID, GPT2_MERGE_COUNT, GPT2_VOCAB_SIZE, parseGpt2Bpe } from './tokenizer.ts';

const require = createRequire(import.meta.url);
const encoderJsonText = readFileSync(require.resolve('gpt-3-encoder/encoder.json'), 'utf8');
const vocabBpeText = readFileSync(require.resolve('gpt-3-encoder/vocab.bpe'), 'utf8');
const encoderJson = JSON.parse(encoderJsonText) as Record<string, number>;

/** Id of a byte-level token spelling (`Ġ` is a space, `Ċ` a newline), read from OpenAI's encoder.json. */
function idOf(token: string): number {
  const id = encoderJson[token];
  if (id === undefined) throw new Error(`"${token}" is not in encoder.json`);
  return id;
}

const SPANISH = '¿Qué tal, señora? Me gusta mucho el fútbol';
const EMOJI = '👋🏽 hola 🚀 👩‍💻 listo ✨';
const CODE = [
  "import { useState } from 'react';",
  '',
  'export function Counter({ start = 0 }) {',
  '  const [count, setCount] = useState(start);',
  '\tconst label = `clicked ${count} times`;',
  '  return <button onClick={() => setCount((c) => c + 1)}>{label}</button>;',
  '}',
  '',
].join('\n');
const WHITESPACE = '  two leading,  two inside,\t\ttabs,\n\n\nthree newlines, trailing   ';

const files = buildTokenizerFiles();

describe('buildTokenizerFiles', () => {
  it('writes the five tokenizer files of a Hub GPT-2 repo', () => {
    expect(Object.keys(files).sort()).toEqual([
      'merges.txt',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'vocab.json',
    ]);
  });

  // merges.txt and vocab.json must be OpenAI's tables, not a re-derivation of them.
  it('copies merges.txt byte for byte and vocab.json entry for entry', () => {
    expect(files['merges.txt']).toBe(vocabBpeText);
    expect(JSON.parse(files['vocab.json'] ?? '')).toEqual(encoderJson);
  });

  // transformers.js accepts both merge spellings; tokenizers >= 0.20 writes pairs, so we do too.
  it('writes tokenizer.json merges as pairs and its vocabulary in id order', () => {
    const text = files['tokenizer.json'] ?? '';
    const json = JSON.parse(text) as { model: { type: string; merges: unknown[]; vocab: Record<string, number> } };
    expect(json.model.type).toBe('BPE');
    expect(json.model.merges).toHaveLength(GPT2_MERGE_COUNT);
    expect(json.model.merges[0]).toEqual(['Ġ', 't']);
    expect(Object.keys(json.model.vocab)).toHaveLength(GPT2_VOCAB_SIZE);
    // JSON.parse reorders integer-like keys, so read the ids off the text.
    const vocabText = text.slice(text.indexOf('"vocab": {'), text.indexOf('"merges": ['));
    const ids = [...vocabText.matchAll(/^ {6}".*": (\d+),?$/gm)].map((match) => Number(match[1]));
    expect(ids).toEqual(Array.from({ length: GPT2_VOCAB_SIZE }, (_, id) => id));
  });

  it('puts modelMaxLength into tokenizer_config.json', () => {
    const config = JSON.parse(buildTokenizerFiles({ modelMaxLength: 2048 })['tokenizer_config.json'] ?? '') as Record<string, unknown>;
    expect(config).toMatchObject({ model_max_length: 2048, tokenizer_class: 'GPT2Tokenizer', eos_token: END_OF_TEXT });
    expect(() => buildTokenizerFiles({ modelMaxLength: 0 })).toThrow(/positive integer/);
    expect(() => buildTokenizerFiles({ modelMaxLength: 1.5 })).toThrow(/positive integer/);
  });
});

// A different gpt-3-encoder release must fail the build loudly, not ship a broken tokenizer.
describe('parseGpt2Bpe', () => {
  const mergeLines = vocabBpeText.split('\n');

  it('accepts the installed gpt-3-encoder files', () => {
    const bpe = parseGpt2Bpe(encoderJsonText, vocabBpeText, 'test');
    expect(bpe.vocab[END_OF_TEXT_ID]).toBe(END_OF_TEXT);
    expect(bpe.merges).toHaveLength(GPT2_MERGE_COUNT);
  });

  it('rejects a vocabulary of the wrong size', () => {
    const { [END_OF_TEXT]: _dropped, ...rest } = encoderJson;
    expect(() => parseGpt2Bpe(JSON.stringify(rest), vocabBpeText, 'test')).toThrow(/expected 50257 tokens.*found 50256/);
  });

  it('rejects end of text at another id', () => {
    const swapped = { ...encoderJson, [END_OF_TEXT]: 0, '!': END_OF_TEXT_ID };
    expect(() => parseGpt2Bpe(JSON.stringify(swapped), vocabBpeText, 'test')).toThrow(/expected <\|endoftext\|> at id 50256/);
  });

  it('rejects a missing merge, a missing header and a malformed merge', () => {
    const withoutLast = [...mergeLines.slice(0, -2), ''].join('\n');
    expect(() => parseGpt2Bpe(encoderJsonText, withoutLast, 'test')).toThrow(/expected 50000 merges, found 49999/);
    expect(() => parseGpt2Bpe(encoderJsonText, mergeLines.slice(1).join('\n'), 'test')).toThrow(/#version: 0.2/);
    const malformed = [mergeLines[0], 'Ġt', ...mergeLines.slice(2)].join('\n');
    expect(() => parseGpt2Bpe(encoderJsonText, malformed, 'test')).toThrow(/merge 1 is "Ġt"/);
  });
});

describe('the files loaded by transformers.js', () => {
  const savedEnv = { allowRemoteModels: env.allowRemoteModels, allowLocalModels: env.allowLocalModels, localModelPath: env.localModelPath };
  let root = '';
  let tokenizer: PreTrainedTokenizer;
  const encode = (text: string): number[] => tokenizer.encode(text, { add_special_tokens: false });
  const decode = (ids: number[]): string => tokenizer.decode(ids);

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'gpt2-tokenizer-'));
    const modelDir = path.join(root, 'gpt2-test');
    mkdirSync(modelDir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(modelDir, name), text);
    writeFileSync(path.join(modelDir, 'config.json'), JSON.stringify({ model_type: 'gpt2' }));
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = root;
    tokenizer = await AutoTokenizer.from_pretrained('gpt2-test');
  });

  afterAll(() => {
    Object.assign(env, savedEnv);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('encodes "Hello, I am" as GPT-2 does', () => {
    expect(encode('Hello, I am')).toEqual([15496, 11, 314, 716]);
  });

  it('maps known words to their encoder.json ids', () => {
    expect(encode(' the')).toEqual([262]);
    expect(idOf('Ġthe')).toBe(262);
    expect(encode('Hello world')).toEqual([idOf('Hello'), idOf('Ġworld')]);
    expect(encode('\n\n')).toEqual([idOf('ĊĊ')]);
    expect(encode(' fútbol')).toEqual(referenceEncode(' fútbol'));
  });

  // GPT-2 adds no BOS/EOS, so the worker may call the tokenizer with default options.
  it('adds no special tokens by default', () => {
    expect(tokenizer('Hello, I am', { return_tensor: false }).input_ids).toEqual([15496, 11, 314, 716]);
  });

  it('knows the special token ids and the context length', () => {
    expect(tokenizer.eos_token_id).toBe(END_OF_TEXT_ID);
    expect(tokenizer.bos_token_id).toBe(END_OF_TEXT_ID);
    // With no pad token in the config, transformers.js pads with the eos token.
    expect(tokenizer.pad_token_id).toBe(END_OF_TEXT_ID);
    expect(tokenizer.model_max_length).toBe(1024);
  });

  it.each([
    ['Spanish', SPANISH],
    ['emoji with a skin tone and a ZWJ sequence', EMOJI],
    ['code', CODE],
    ['whitespace runs', WHITESPACE],
  ])('round-trips %s exactly', (_name, text) => {
    expect(decode(encode(text))).toBe(text);
  });

  // `clean_up_tokenization_spaces: true` (transformers.js's default) would turn ` !==` into `!==`.
  it('decodes spaces before punctuation verbatim', () => {
    const text = "if (a !== b) say('hi , there') ; it 's";
    const ids = encode(text);
    expect(decode(ids)).toBe(text);
    expect(tokenizer.decode(ids, { clean_up_tokenization_spaces: true })).not.toBe(text);
  });

  it('keeps <|endoftext|> as one token and drops it when skipping special tokens', () => {
    const ids = encode(`Hi${END_OF_TEXT}there`);
    expect(ids).toEqual([...encode('Hi'), END_OF_TEXT_ID, ...encode('there')]);
    expect(decode(ids)).toBe(`Hi${END_OF_TEXT}there`);
    expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe('Hithere');
  });

  // gpt-3-encoder is an independent port of OpenAI's encoder.py: same ids means same tokenizer.
  it.each([
    ['English', 'The quick brown fox jumps over the lazy dog. It\'s 3:14 PM; they\'ll say "yes".'],
    ['Spanish', SPANISH],
    ['code', CODE],
    ['emoji', EMOJI],
    ['numbers', 'In 2024, π ≈ 3.14159 and 1,000,000 > 999999.'],
    ['whitespace', WHITESPACE],
    ['mixed scripts', 'Привет, мир! 日本語のテキスト. Ελληνικά.'],
  ])('gives the same ids as gpt-3-encoder for %s', (_name, text) => {
    expect(encode(text)).toEqual(referenceEncode(text));
  });
});
