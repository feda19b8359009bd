// `npm run models -- convert` as a person runs it: from a folder and from a (mock) Hub, and every
// failure the issue names ends in one actionable line, exit code 1 and no half-written model.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../hub/commands.ts';
import { startMockHub, type MockHub } from '../hub/mock-hub.ts';
import { tempDir } from '../hub/testing/fake-repo.ts';
import { runConvert } from './convert-command.ts';
import { folderWriter } from './node-files.ts';
import { writeGeneratedCheckpoint } from './generated-checkpoint.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

let work: string;
let out: string;
let hub: MockHub;

beforeAll(async () => {
  work = tempDir('convert-cli');
  const hubRoot = path.join(work, 'hub');
  cpSync(path.join(FIXTURES, 'gpt-neo-bin'), path.join(hubRoot, 'acme', 'neo-tiny'), { recursive: true });
  hub = await startMockHub({ root: hubRoot });
});

afterAll(async () => {
  await hub.close();
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  out = path.join(work, `out-${Math.random().toString(36).slice(2)}`);
});

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: { write: (t: string) => (stdout += t) }, err: { write: (t: string) => (stderr += t) }, env: { HF_ENDPOINT: hub.url } };
  const code = await runCli([...args, '--out', out], io);
  return { code, stdout, stderr };
}

/** A copy of a fixture, changed by `edit`, in a fresh folder. */
function variant(fixture: string, edit: (dir: string) => void): string {
  const dir = path.join(work, `${fixture}-${Math.random().toString(36).slice(2)}`);
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  edit(dir);
  return dir;
}

/** Nothing in the output folder but (maybe) empty parents: no model, no partial folder. */
function leftovers(): string[] {
  if (!existsSync(out)) return [];
  return readdirSync(out, { recursive: true }).map(String).filter((f) => !f.startsWith('.convert-cache') && f !== 'converted');
}

describe('convert', () => {
  it('converts a folder into <out>/converted/<name>/ with every dtype', async () => {
    const { code, stdout, stderr } = await cli(['convert', path.join(FIXTURES, 'gpt2-safetensors')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^converted\/gpt2-safetensors: converted in \d+\.\d s into .*converted\/gpt2-safetensors \(onnx\/model\.onnx 0\.2 MB, onnx\/model_fp16\.onnx 0\.1 MB, onnx\/model_quantized\.onnx 0\.1 MB, onnx\/model_q4\.onnx 0\.1 MB\)\n$/);
    expect(stderr).toContain('onnx/model_q4.onnx');
    const dir = path.join(out, 'converted', 'gpt2-safetensors');
    expect(readdirSync(path.join(dir, 'onnx')).sort()).toEqual(['model.onnx', 'model_fp16.onnx', 'model_q4.onnx', 'model_quantized.onnx']);
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')).model_type).toBe('gpt2');
  });

  it('downloads a Hub checkpoint (resumable downloader), converts it and deletes the download', async () => {
    const { code, stdout } = await cli(['convert', 'acme/neo-tiny', '--dtype', 'q4']);
    expect(code).toBe(0);
    expect(stdout).toContain('acme/neo-tiny: converted in');
    expect(readdirSync(path.join(out, 'acme', 'neo-tiny', 'onnx'))).toEqual(['model_q4.onnx']);
    expect(existsSync(path.join(out, '.convert-cache', 'acme', 'neo-tiny'))).toBe(false);
    // Only the files a conversion needs were fetched: no expected.json.
    expect(hub.requests.some((r) => r.path.endsWith('/expected.json'))).toBe(false);
    expect(hub.requests.some((r) => r.path.endsWith('/pytorch_model.bin'))).toBe(true);
  });

  it.each([
    [
      'another architecture',
      () => variant('gpt2-safetensors', (d) => writeFileSync(path.join(d, 'config.json'), JSON.stringify({ model_type: 'llama', architectures: ['LlamaForCausalLM'] }))),
      /is a "llama" model \(LlamaForCausalLM\); the converter builds GPT-2 and GPT-Neo only\./,
    ],
    ['no weight file', () => variant('gpt2-safetensors', (d) => rmSync(path.join(d, 'model.safetensors'))), /has no model\.safetensors or pytorch_model\.bin/],
    [
      'a truncated weight file',
      () => variant('gpt2-safetensors', (d) => writeFileSync(path.join(d, 'model.safetensors'), readFileSync(path.join(d, 'model.safetensors')).subarray(0, 100_000))),
      /model\.safetensors is 100000 bytes long, but its contents need \d+: the file is truncated or damaged\. Download it again\./,
    ],
    [
      'a pickle that holds more than tensors',
      () => variant('gpt-neo-bin', (d) => cpSync(path.join(FIXTURES, 'pickles', 'malicious.bin'), path.join(d, 'pytorch_model.bin'))),
      /the pickle asks for the Python global "posix\.system", which a plain state dict never uses\. A pickle can run code, so the converter refuses it/,
    ],
  ])('refuses %s with a clear message and leaves nothing behind', async (_, makeInput, message) => {
    const { code, stdout, stderr } = await cli(['convert', makeInput()]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(leftovers()).toEqual([]);
  });

  // Some repos (GPT-Neo fine-tunes) ship no tokenizer and use GPT-2's; the error says how to convert them.
  it('converts a repo without tokenizer files with --tokenizer gpt2, and says so when it is missing', async () => {
    const dir = writeGeneratedCheckpoint('gpt_neo', 'tiny', 3, path.join(work, 'neo-no-tokenizer'));
    for (const file of ['vocab.json', 'merges.txt', 'tokenizer_config.json', 'special_tokens_map.json']) rmSync(path.join(dir, file));
    const without = await cli(['convert', dir, '--dtype', 'q8']);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("has no tokenizer.json, nor vocab.json and merges.txt, so its text cannot be tokenized. If it uses GPT-2's tokenizer (GPT-Neo models and most GPT-2 fine-tunes do), convert it with --tokenizer gpt2.");
    const withGpt2 = await cli(['convert', dir, '--dtype', 'q8', '--tokenizer', 'gpt2']);
    expect(withGpt2.code).toBe(0);
    const config = JSON.parse(readFileSync(path.join(out, 'converted', 'neo-no-tokenizer', 'tokenizer_config.json'), 'utf8')) as { model_max_length: number };
    expect(config.model_max_length).toBe(256);
  });

  it('stops on a full disk with nothing half-written left behind', async () => {
    mkdirSync(out, { recursive: true });
    let written = 0;
    const error = await runConvert({
      input: path.join(FIXTURES, 'gpt2-safetensors'),
      dtypes: ['fp32'],
      outDir: out,
      host: hub.url,
      revision: 'main',
      externalData: false,
      sink: { write: () => true },
      // The real writer, on a disk that fills up after 100 kB.
      openWriter: async (dir) => {
        const real = await folderWriter(dir);
        const create = real.create.bind(real);
        real.create = async (p) => {
          const file = await create(p);
          return {
            close: () => file.close(),
            async write(chunk) {
              written += chunk.byteLength;
              if (written > 100_000) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
              await file.write(chunk);
            },
          };
        };
        return real;
      },
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Cannot write the converted model into .*: the disk is full\. Nothing was left behind; free some space or choose another folder \(--out\) and run the command again\.$/);
    expect(readdirSync(out, { recursive: true })).toEqual(['converted']);
  });
});
