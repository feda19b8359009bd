/**
 * Whether the prompt tokens from the last generation still describe the prompt on screen.
 * Each token decoded alone, joined, gives the prompt back for whole characters; a character split
 * across tokens decodes as U+FFFD and then compares unequal, which only means we say "from the
 * last generation" a little too often, never that stale tokens pass as current.
 */
export function promptTokensAreCurrent(prompt: string, tokenTexts: readonly string[], droppedTokens: number): boolean {
  return droppedTokens === 0 && tokenTexts.length > 0 && tokenTexts.join('') === prompt;
}
