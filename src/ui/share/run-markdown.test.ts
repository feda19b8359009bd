import { describe, expect, it } from 'vitest';
import { buildRunExport } from '../../state/export.ts';
import { finishedRun, NOW } from '../../state/testing/finished-run.ts';
import { runToMarkdown } from './run-markdown.ts';

describe('runToMarkdown', () => {
  const run = buildRunExport(finishedRun(), NOW);
  if (!run) throw new Error('expected a run');
  const markdown = runToMarkdown(run, 'en');

  it('starts with a title and the model table', () => {
    expect(markdown.startsWith('# GPT Playground run\n\nExported 2026-03-04T05:06:07.890Z.\n\n| Model | Value |')).toBe(true);
    expect(markdown).toContain('| Id | local/gpt2-tiny |');
    expect(markdown).toContain('| Backend | wasm (fell back: This browser has no WebGPU.) |');
    expect(markdown).toContain('| Load | 812 ms + 36 ms warm-up |');
  });

  it('shows the prompt, its ids and each panel’s settings and result', () => {
    expect(markdown).toContain('## Prompt\n\n```text\nHello, I am\n```');
    expect(markdown).toContain('Prompt token ids (4):\n\n```text\n15496 11 314 716\n```');
    expect(markdown).toContain('## Panel 1\n\n| Setting | Value |\n| --- | --- |\n| Temperature | 0.7 |\n| Top-k | 50 |\n| Top-p | 0.95 |');
    expect(markdown).toContain('| Seed | 42 (shared) |\n| Max new tokens | 2 |');
    expect(markdown).toContain('| Finish | Reached max new tokens |\n| Tokens generated | 2 |\n| Time to first token | 120 ms |\n| Decode speed | 41.3 tokens/s |');
    expect(markdown).toContain('### Text\n\n```text\n Bob.\n```');
    expect(markdown).toContain('### Token ids\n\n```text\n5811 13\n```');
    expect(markdown).toContain('| Temperature | 0 (greedy: on) |\n| Top-k | 0 (off) |\n| Top-p | 1 (off) |');
    expect(markdown).toContain('| Finish | End of text |');
  });

  // Generated text is arbitrary: it must not be able to break out of its code block.
  it('fences text that itself holds backticks with a longer fence', () => {
    expect(markdown).toContain('### Text\n\n````text\nhas ```fences``` | pipes\n````');
  });
});

// The report is for the person who ran it: in the page's language, numbers as in code.
describe('runToMarkdown in Spanish', () => {
  const run = buildRunExport(finishedRun(), NOW);
  if (!run) throw new Error('expected a run');
  const markdown = runToMarkdown(run, 'es');

  it('words every heading, label and finish reason in Spanish', () => {
    expect(markdown.startsWith('# Ejecución de GPT Playground\n\nExportado el 2026-03-04T05:06:07.890Z.\n\n| Modelo | Valor |')).toBe(true);
    expect(markdown).toContain('| Carga | 812 ms + 36 ms de calentamiento |');
    expect(markdown).toContain('## Panel 1\n\n| Ajuste | Valor |');
    expect(markdown).toContain('| Top-k | 0 (desactivado) |');
    expect(markdown).toContain('| Semilla | 42 (compartida) |');
    expect(markdown).toContain('| Velocidad de decodificación | 41.3 tokens/s |');
    expect(markdown).toContain('### Texto\n\n```text\n Bob.\n```');
    expect(markdown).not.toMatch(/Setting|Value|Finish|warm-up|shared\)/);
  });
});
