import { describe, expect, it } from 'vitest';
import { highlightedLine, PSEUDO_CODE_LINES, stepPhases } from './pseudo-code.ts';

describe('pseudo-code view', () => {
  it('lists the loop in order, each line with a distinct id', () => {
    expect(PSEUDO_CODE_LINES.map((line) => line.id)).toEqual(['loop', 'crop', 'forward', 'last_position', 'softmax', 'pick', 'append']);
  });

  it('highlights the softmax line for every stage before the draw, and the pick line for the draw', () => {
    const lines = stepPhases({ cropStart: 2 }).map((phase) => [phase, highlightedLine(phase)]);
    expect(lines).toEqual([
      ['crop', 'crop'],
      ['forward', 'forward'],
      ['last_position', 'last_position'],
      ['raw', 'softmax'],
      ['penalties', 'softmax'],
      ['temperature', 'softmax'],
      ['top_k', 'softmax'],
      ['top_p', 'softmax'],
      ['min_p', 'softmax'],
      ['draw', 'pick'],
      ['append', 'append'],
    ]);
  });

  it('skips the crop phase while the sequence fits the context', () => {
    expect(stepPhases({ cropStart: 0 })[0]).toBe('forward');
  });
});
