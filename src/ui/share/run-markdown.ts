/**
 * The Markdown report of a run, in the page's language: for reading, and for pasting into notes or
 * an issue. Numbers are written as in code (a dot for decimals) so the report can be compared
 * across languages; the words come from the catalogs.
 */
import { fallbackReasonText } from '../i18n/reasons.ts';
import type { PanelExport, RunExport } from '../../state/export.ts';
import type { Language } from '../../state/slices/ui-slice.ts';
import type { MessageKey } from '../i18n/en.ts';
import { CATALOGS, format } from '../i18n/use-t.ts';

type Words = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

/** A fence longer than any backtick run in `text`, so generated text cannot close it early. */
function fenced(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** Table cells may not hold a raw `|` or a newline. */
const cell = (value: string): string => value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function table(header: readonly [string, string], rows: readonly (readonly string[])[]): string {
  return [`| ${header[0]} | ${header[1]} |`, '| --- | --- |', ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function settingsRows(p: PanelExport, sharedSeed: boolean, w: Words): string[][] {
  const s = p.settings;
  const off = (value: number) => w('export.md.off', { value });
  return [
    [w('settings.temperature'), s.greedy ? w('export.md.greedyOn', { value: s.temperature }) : String(s.temperature)],
    [w('settings.topK'), s.topK === 0 ? off(0) : String(s.topK)],
    [w('settings.topP'), s.topP >= 1 ? off(1) : String(s.topP)],
    [w('export.md.minP'), s.minP === 0 ? off(0) : String(s.minP)],
    [w('settings.repetitionPenalty'), s.repetitionPenalty === 1 ? off(1) : String(s.repetitionPenalty)],
    [w('settings.noRepeatNgramSize'), s.noRepeatNgramSize === 0 ? off(0) : String(s.noRepeatNgramSize)],
    [w('settings.seed'), sharedSeed ? w('export.md.seedShared', { value: p.seed }) : String(p.seed)],
    [w('settings.maxNewTokens'), String(p.maxNewTokens)],
  ];
}

function panelMarkdown(p: PanelExport, sharedSeed: boolean, w: Words): string {
  const value = w('export.md.value');
  const parts = [`## ${w('panels.name', { n: p.panel })}`, table([w('export.md.setting'), value], settingsRows(p, sharedSeed, w))];
  const result: string[][] = [[w('metrics.finish'), p.finishReason ? w(`finish.${p.finishReason}`) : p.status]];
  if (p.metrics) {
    result.push(
      [w('metrics.generated'), String(p.metrics.generatedTokens)],
      [w('metrics.ttft'), w('metrics.ms', { value: Math.round(p.metrics.timeToFirstTokenMs) })],
      [w('export.md.speed'), w('export.md.tokensPerSecond', { value: p.metrics.decodeTokensPerSecond.toFixed(1) })],
    );
  }
  parts.push(table([w('export.md.result'), value], result), `### ${w('export.md.text')}`, fenced(p.text));
  if (p.tokenIds.length > 0) parts.push(`### ${w('export.md.tokenIds')}`, fenced(p.tokenIds.join(' ')));
  return parts.join('\n\n');
}

/** A readable report of the run, in `language`. */
export function runToMarkdown(run: RunExport, language: Language): string {
  const catalog = CATALOGS[language];
  const w: Words = (key, values) => format(catalog[key], values);
  const ms = (value: number) => w('metrics.ms', { value: Math.round(value) });
  const model = run.model
    ? table(
        [w('export.md.model'), w('export.md.value')],
        [
          [w('export.md.id'), run.model.id],
          [w('export.md.dtype'), run.model.dtype],
          [
            w('export.md.backend'),
            run.model.fallbackReason ? w('export.md.fellBack', { backend: run.model.backend, reason: fallbackReasonText(w, run.model.fallbackReason) }) : run.model.backend,
          ],
          [w('export.md.context'), w('export.md.contextTokens', { count: run.model.contextLength })],
          [w('export.md.load'), w('export.md.loadTimes', { load: ms(run.model.loadMs), warmup: ms(run.model.warmupMs) })],
        ],
      )
    : w('export.md.noModel');
  const dropped = run.droppedPromptTokens > 0 ? `\n\n${w('export.md.dropped', { count: run.droppedPromptTokens })}` : '';
  const sections = [
    `# ${w('export.md.title')}`,
    w('export.md.exported', { date: run.exportedAt }),
    model,
    `## ${w('export.md.prompt')}`,
    fenced(run.prompt),
    `${w('export.md.promptIds', { count: run.promptTokenIds.length })}${dropped}`,
    fenced(run.promptTokenIds.join(' ')),
    ...run.panels.map((p) => panelMarkdown(p, run.sharedSeed, w)),
  ];
  return `${sections.join('\n\n')}\n`;
}
