// Streams real GPT-2 tokens through TextStream: byte-level BPE splits characters across tokens,
// and a streamed delta must never show U+FFFD for a character whose bytes are still coming.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateModel } from '../../scripts/models/generate.ts';
import type { TokenDecoder } from './batched-lm.ts';
import { TextStream } from './text-stream.ts';
import { tokenId, type TokenId } from './types.ts';

const REPLACEMENT = '\uFFFD';

let root: string;
let tokenizer: PreTrainedTokenizer;
/** Decodes as the worker does: special tokens kept, no clean-up of spaces. */
let decoder: TokenDecoder;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'gpt-playground-text-stream-'));
  generateModel({ family: 'gpt2', size: 'tiny', dtypes: ['fp32'], outDir: path.join(root, 'local') });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root + path.sep;
  tokenizer = await AutoTokenizer.from_pretrained('local/gpt2-tiny');
  decoder = { decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false }) };
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const encode = (text: string): TokenId[] => tokenizer.encode(text, { add_special_tokens: false }).map((id) => tokenId(id));

/** Pushes `ids` one at a time, as the decoding loop does; returns every delta and the flushed tail. */
function stream(ids: readonly TokenId[]): { deltas: string[]; tail: string } {
  const text = new TextStream(decoder);
  const deltas = ids.map((id) => text.push(id));
  return { deltas, tail: text.flush() };
}

describe('TextStream with the GPT-2 tokenizer', () => {
  it('streams accented letters, emoji and ZWJ sequences without a replacement character', () => {
    const text = 'Crème brûlée, naïve café — Straße 🤗🤗 👩‍👩‍👧‍👦 👍🏽 日本語のテキスト';
    const ids = encode(text);
    // The premise: some tokens are parts of a character and decode alone to U+FFFD.
    expect(ids.filter((id) => decoder.decode([id]).includes(REPLACEMENT)).length).toBeGreaterThan(20);

    const { deltas, tail } = stream(ids);
    expect(deltas.filter((d) => d.includes(REPLACEMENT))).toEqual([]);
    expect(tail).toBe('');
    expect(deltas.join('')).toBe(decoder.decode(ids));
    expect(deltas.join('')).toBe(text);
    // Whole characters arrive as soon as their last byte does: 🤗 is 3 tokens, the third shows it.
    const hug = encode('🤗');
    expect(hug).toHaveLength(3);
    expect(stream(hug).deltas).toEqual(['', '', '🤗']);
  });

  // GPT-2 has tokens that end one character and start the next (21253 is the bytes 9a e9): in
  // 做题 the five tokens e5 | 81 | 9a e9 | a2 | 98 end inside 题 until the fifth, so a stream
  // that holds back at most 4 tokens lets 做� out and then another �.
  it('holds back a character whose bytes span more than 4 tokens (做题)', () => {
    const text = '我们一起做题吧';
    const ids = encode(text);
    expect(ids).toContain(21253);
    const { deltas, tail } = stream(ids);
    expect(deltas.filter((d) => d.includes(REPLACEMENT))).toEqual([]);
    expect(deltas.join('') + tail).toBe(text);
  });

  // A model can emit bytes that are no character at all; they must come out, not be held forever.
  it('lets an invalid byte through as U+FFFD once text follows, and flushes a trailing one', () => {
    const lone = tokenId(222); // the single byte 0x80: a continuation byte with no lead
    const a = encode('a');
    expect(decoder.decode([lone])).toBe(REPLACEMENT);
    const { deltas, tail } = stream([lone, ...a, lone]);
    expect(deltas.join('') + tail).toBe(`${REPLACEMENT}a${REPLACEMENT}`);
    expect(deltas.join('')).toBe(`${REPLACEMENT}a`);
  });
});
