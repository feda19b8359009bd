import { describe, expect, it } from 'vitest';
import { describeSettings, mixedPanels } from './panels.ts';

describe('mixedPanels', () => {
  it('starts with the greedy panel, so 1 panel is the same work as the generate() comparison', () => {
    expect(mixedPanels(1, 8)).toEqual([expect.objectContaining({ maxNewTokens: 8, settings: expect.objectContaining({ greedy: true }) })]);
  });

  it('gives each of four panels its own seed and settings', () => {
    const panels = mixedPanels(4, 8);
    expect(new Set(panels.map((p) => p.seed)).size).toBe(4);
    expect(panels.map((p) => describeSettings(p.settings))).toEqual(['greedy', 'T 0.8 top-k 50', 'T 1.0 top-p 0.9', 'T 0.7 min-p 0.05']);
  });

  it('refuses more panels than the loop runs', () => {
    expect(() => mixedPanels(5, 8)).toThrow(RangeError);
  });
});
