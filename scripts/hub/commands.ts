/**
 * `npm run models -- <command>`: parses the command line and runs `download`, `convert`, `list` or `remove`.
 * `cli.ts` only calls `runCli`, so tests drive the commands with fake output streams.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_HOST, downloadModel } from './download.ts';
import { formatMb, HubError } from './errors.ts';
import { parseDtypes } from './hub-files.ts';
import { checkModelId, listModels, removeModel } from './local-models.ts';
import type { ProgressSink } from './progress.ts';
import { ConvertError } from '../../src/convert/errors.ts';
import { describeFiles, runConvert } from '../convert/convert-command.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The folder the app serves at /models/. */
export const DEFAULT_OUT = path.join(projectRoot, 'public/models');

export const USAGE = `Usage: npm run models -- <command> [options]

Commands:
  download <hub-id>   download a model from the Hugging Face Hub into <out>/<hub-id>/
      --dtype LIST      ONNX weights to fetch: q8, q4, fp16, fp32, comma-separated (default: q8)
      --host URL        Hub address (default: $HF_ENDPOINT or ${DEFAULT_HOST})
      --revision REV    branch, tag or commit (default: main)
  convert <hub-id | folder>
                      convert a GPT-2 / GPT-Neo checkpoint (safetensors or pytorch_model.bin) to ONNX
                      into <out>/<hub-id>/ (a folder goes to <out>/converted/<folder name>/)
      --dtype LIST      as for download (default: fp32,fp16,q8,q4)
      --external-data   put the weights in onnx/*.onnx_data files even under 2 GB
      --tokenizer gpt2  use GPT-2's tokenizer, for repos that ship none (GPT-Neo uses it too)
  list                the models in <out>, with their dtypes and sizes on disk
  remove <id>         delete the folder <out>/<id>/
  help                this text

Every command takes --out DIR, the models folder (default: public/models).
An interrupted download resumes when the same command runs again.

Examples:
  npm run models -- download Xenova/distilgpt2 --dtype q8,fp32
  npm run models -- convert datificate/gpt2-small-spanish --dtype q8,q4
  npm run models -- list
  npm run models -- remove Xenova/distilgpt2`;

/** Where commands write: results to `out`, progress and errors to `err`. */
export interface CliIo {
  readonly out: ProgressSink;
  readonly err: ProgressSink;
  readonly env: Readonly<Record<string, string | undefined>>;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        dtype: { type: 'string' },
        'external-data': { type: 'boolean', default: false },
        tokenizer: { type: 'string' },
        host: { type: 'string' },
        revision: { type: 'string', default: 'main' },
        out: { type: 'string', default: DEFAULT_OUT },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new HubError('usage', error instanceof Error ? error.message : String(error));
  }
}

/** The single id argument of `download` / `remove`. */
function oneId(command: string, rest: readonly string[]): string {
  if (rest.length !== 1 || rest[0] === undefined) throw new HubError('usage', `${command} takes one model id, e.g. Xenova/distilgpt2.`);
  return checkModelId(rest[0]);
}

/** `--tokenizer` takes one value today: the bundled GPT-2 tokenizer. */
function gpt2Only(value: string): 'gpt2' {
  if (value !== 'gpt2') throw new HubError('usage', `--tokenizer ${value}: only "gpt2" (GPT-2's own tokenizer files) is available.`);
  return value;
}

/** `public/models/a/b` inside the working folder, the absolute path elsewhere. */
function shortPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function run(argv: readonly string[], io: CliIo): Promise<void> {
  const { values, positionals } = parse(argv);
  const [first = 'help', ...rest] = positionals;
  const command = values.help ? 'help' : first;
  const outDir = path.resolve(values.out);
  switch (command) {
    case 'download': {
      const host = values.host ?? io.env.HF_ENDPOINT ?? DEFAULT_HOST;
      const id = oneId(command, rest);
      const summary = await downloadModel({ id, host, revision: values.revision, dtypes: parseDtypes(values.dtype ?? 'q8'), outDir, sink: io.err });
      const skipped = summary.files.filter((file) => file.outcome === 'skipped').length;
      const note = skipped > 0 ? `, ${skipped} already there` : '';
      io.out.write(`${id}: ${summary.files.length} files in ${shortPath(summary.dir)} (${formatMb(summary.fetched)} downloaded${note})\n`);
      return;
    }
    case 'convert': {
      if (rest.length !== 1 || rest[0] === undefined) throw new HubError('usage', 'convert takes one Hub id or folder, e.g. openai-community/gpt2 or ./my-checkpoint.');
      const result = await runConvert({
        input: rest[0],
        dtypes: parseDtypes(values.dtype ?? 'fp32,fp16,q8,q4'),
        outDir,
        host: values.host ?? io.env.HF_ENDPOINT ?? DEFAULT_HOST,
        revision: values.revision,
        externalData: values['external-data'],
        ...(values.tokenizer === undefined ? {} : { tokenizer: gpt2Only(values.tokenizer) }),
        sink: io.err,
      });
      io.out.write(`${result.id}: converted in ${result.seconds.toFixed(1)} s into ${shortPath(result.dir)} (${describeFiles(result)})\n`);
      return;
    }
    case 'list': {
      const models = listModels(outDir);
      if (models.length === 0) {
        io.out.write(`No models in ${outDir}. Get one with: npm run models -- download Xenova/distilgpt2\n`);
        return;
      }
      const rows = models.map((m) => [
        m.id,
        m.dtypes.join(', ') || '(no ONNX files)',
        formatMb(m.bytes).padStart(9),
        m.partFiles > 0 ? 'unfinished download: run download again to resume' : '',
      ]);
      io.out.write(`${table([['MODEL', 'DTYPES', 'ON DISK', ''], ...rows])}\n`);
      return;
    }
    case 'remove': {
      const id = oneId(command, rest);
      io.out.write(`Removed ${id} (${formatMb(removeModel(outDir, id))} freed)\n`);
      return;
    }
    case 'help':
      io.out.write(`${USAGE}\n`);
      return;
    default:
      throw new HubError('usage', `Unknown command "${command}".`);
  }
}

/** Runs one command line; returns the exit code (0 ok, 1 failed, 2 wrong usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await run(argv, io);
    return 0;
  } catch (error) {
    if (error instanceof ConvertError) {
      io.err.write(`models: ${error.message}\n`);
      return 1;
    }
    if (!(error instanceof HubError)) throw error;
    io.err.write(`models: ${error.message}\n${error.code === 'usage' ? `\n${USAGE}\n` : ''}`);
    return error.code === 'usage' ? 2 : 1;
  }
}
