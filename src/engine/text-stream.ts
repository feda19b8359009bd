/**
 * Streams the text of generated tokens without ever showing half a character: GPT-2's byte-level
 * tokens can split one UTF-8 character (an emoji, an accented letter) across several tokens, and
 * decoding such a token alone gives U+FFFD. Text waits until it decodes to whole characters.
 */
import type { TokenDecoder } from './batched-lm.ts';
import type { TokenId } from './types.ts';

const REPLACEMENT = '\uFFFD';
export class TextStream {
  /** Tokens since the last point where the decoded text ended on a whole character. */
  private pending: TokenId[] = [];
  /** Characters of `decode(pending)` already sent. */
  private emitted = 0;

  constructor(private readonly decoder: TokenDecoder) {}

  /**
   * Adds a token; returns the text that is now complete (often the token's text, sometimes '').
   * A GPT-2 token may end one character and begin the next, so a character can span many tokens:
   * everything up to a trailing U+FFFD is sent, the rest waits.
   */
  push(id: TokenId): string {
    this.pending.push(id);
    const text = this.decoder.decode(this.pending);
    let end = text.length;
    while (end > this.emitted && text[end - 1] === REPLACEMENT) end--;
    const delta = text.slice(this.emitted, end);
    if (end === text.length) {
      this.pending = [];
      this.emitted = 0;
    } else {
      this.emitted = end;
    }
    return delta;
  }

  /** Whatever is still held back, at the end of generation. */
  flush(): string {
    if (this.pending.length === 0) return '';
    const text = this.decoder.decode(this.pending).slice(this.emitted);
    this.pending = [];
    this.emitted = 0;
    return text;
  }
}
