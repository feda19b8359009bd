/**
 * Streams the text of generated tokens without ever showing half a character: GPT-2's byte-level
 * tokens can split one UTF-8 character (an emoji, an accented letter) across several tokens, and
 * decoding such a token alone gives U+FFFD. Tokens wait until they decode to whole characters.
 */
import type { TokenDecoder } from './batched-lm.ts';
import type { TokenId } from './types.ts';

const REPLACEMENT = '\uFFFD';
/** A UTF-8 character is at most 4 bytes; byte-level BPE gives each byte at most one token. */
const MAX_PENDING = 4;

export class TextStream {
  private pending: TokenId[] = [];

  constructor(private readonly decoder: TokenDecoder) {}

  /** Adds a token; returns the text that is now complete (often the token's text, sometimes ''). */
  push(id: TokenId): string {
    this.pending.push(id);
    const text = this.decoder.decode(this.pending);
    if (text.endsWith(REPLACEMENT) && this.pending.length < MAX_PENDING) return '';
    this.pending = [];
    return text;
  }

  /** Whatever is still held back, at the end of generation. */
  flush(): string {
    if (this.pending.length === 0) return '';
    const text = this.decoder.decode(this.pending);
    this.pending = [];
    return text;
  }
}
