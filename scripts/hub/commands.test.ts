// The command line as a person types it: exit codes, what goes to stdout and what to stderr.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, USAGE, type CliIo } from './commands.ts';
import { startMockHub, type MockHub } from './mock-hub.ts';
import { tempDir, writeRepo } from './testing/fake-repo.ts';

let root: string;
let hub: MockHub;
let out: string;

beforeAll(async () => {
  root = tempDir('cli-root');
  writeRepo(root, 'acme/tiny', {
    'config.json': '{}',
    'tokenizer.json': 't'.repeat(1_000_000),
    'onnx/model_quantized.onnx': 'q'.repeat(2_000_000),
    'onnx/model_q4.onnx': 'f'.repeat(1_500_000),
  });
  hub = await startMockHub({ root });
});

beforeEach(() => {
  out = tempDir('cli-out');
});

afterEach(() => {
  rmSync(out, { recursive: true, force: true });
});

afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

/** Runs one command line and returns its exit code and both outputs. */
async function cli(args: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: { write: (text: string) => (stdout += text) },
    err: { write: (text: string) => (stderr += text) },
    env,
  };
  const code = await runCli([...args.split(' ').filter(Boolean), '--out', out], io);
  return { code, stdout, stderr };
}

describe('models CLI', () => {
  it('downloads, lists and removes a model', async () => {
    const download = await cli(`download acme/tiny --dtype q8,q4 --host ${hub.url}`);
    expect(download.code).toBe(0);
    // The temporary folder is outside the working folder, so the path is absolute.
    expect(download.stdout).toBe(`acme/tiny: 4 files in ${path.join(out, 'acme/tiny')} (4.5 MB downloaded)\n`);
    expect(download.stderr).toContain(`acme/tiny (q8, q4) from ${hub.url} into`);
    expect(download.stderr).toContain(`  onnx/model_q4.onnx         [${'#'.repeat(24)}] 100%  1.5/1.5 MB  done\n`);

    const list = await cli('list');
    expect(list).toEqual({
      code: 0,
      stdout: ['MODEL      DTYPES  ON DISK', 'acme/tiny  q8, q4     4.5 MB', ''].join('\n'),
      stderr: '',
    });

    expect(await cli('remove acme/tiny')).toEqual({ code: 0, stdout: 'Removed acme/tiny (4.5 MB freed)\n', stderr: '' });
    expect(existsSync(path.join(out, 'acme'))).toBe(false);
    expect((await cli('list')).stdout).toBe(`No models in ${out}. Get one with: npm run models -- download Xenova/distilgpt2\n`);
  });

  it('takes the host from HF_ENDPOINT, as the Hub libraries do, and q8 by default', async () => {
    const { code, stderr } = await cli('download acme/tiny', { HF_ENDPOINT: hub.url });
    expect(code).toBe(0);
    expect(stderr).toContain(`acme/tiny (q8) from ${hub.url}`);
  });

  it('exits 1 with the message alone for errors a person fixes', async () => {
    expect(await cli(`download acme/nope --host ${hub.url}`)).toEqual({
      code: 1,
      stdout: '',
      stderr: `models: Model acme/nope was not found on ${hub.url}. Check the id.\n`,
    });
    expect((await cli(`download acme/tiny --dtype fp16 --host ${hub.url}`)).stderr).toBe(
      'models: acme/tiny has no fp16 file (onnx/model_fp16.onnx); it has: q8, q4\n',
    );
    expect(await cli('remove ../../etc')).toMatchObject({ code: 1, stderr: expect.stringContaining('may not') });
    expect(await cli('remove /etc')).toMatchObject({ code: 1, stderr: expect.stringContaining('is a path, not a model id') });
  });

  it('exits 2 with the usage for a wrong command line', async () => {
    for (const args of ['fetch gpt2', 'download', 'download a b', 'download gpt2 --dtype int4', 'list --verbose']) {
      const { code, stderr } = await cli(args);
      expect(code, args).toBe(2);
      expect(stderr, args).toMatch(new RegExp(`^models: .+\\n\\n${USAGE.slice(0, 30)}`));
    }
  });

  it('prints the usage for help, -h and no command', async () => {
    for (const args of ['help', '-h', '', 'download --help']) expect(await cli(args)).toEqual({ code: 0, stdout: `${USAGE}\n`, stderr: '' });
  });
});
