import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchTransformersChains } from './transformers-chain-fix.ts';

const webBuild = () => {
  const entry = createRequire(import.meta.url).resolve('@huggingface/transformers');
  return readFileSync(path.join(path.dirname(entry), 'transformers.web.js'), 'utf8');
};

describe('patchTransformersChains', () => {
  // The installed transformers.js must still have the code the patch expects, or the build says so.
  it('patches both chains of the installed transformers.js', () => {
    const patched = patchTransformersChains(webBuild());
    expect(patched).toContain('webInitChain = webInitChainLast.catch(() => {})');
    expect(patched).toContain('webInferenceChain = webInferenceChainLast.catch(() => {})');
  });

  // The point of the patch: after one rejected call, the next one runs.
  it('lets the chain go on after a failure, still one call at a time', async () => {
    const source = `var webInitChain = Promise.resolve();
async function create(load) { return await (webInitChain = webInitChain.then(load)); }
var webInferenceChain = Promise.resolve();
function run(fn) { return webInferenceChain = webInferenceChain.then(fn); }
return { create, run };`;
    const make = (code: string) => new Function(code)() as { create(f: () => Promise<string>): Promise<string> };
    const broken = make(source);
    await expect(broken.create(() => Promise.reject(new Error('bad model')))).rejects.toThrow('bad model');
    await expect(broken.create(() => Promise.resolve('good'))).rejects.toThrow('bad model'); // the upstream bug

    const fixed = make(patchTransformersChains(source));
    await expect(fixed.create(() => Promise.reject(new Error('bad model')))).rejects.toThrow('bad model');
    await expect(fixed.create(() => Promise.resolve('good'))).resolves.toBe('good');
  });

  it('fails loudly when the code it patches is gone', () => {
    expect(() => patchTransformersChains('var webInitChain = Promise.resolve();')).toThrow(/expected one/);
  });
});
