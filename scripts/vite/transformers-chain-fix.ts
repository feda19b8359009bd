/**
 * Patches transformers.js 4.3.1's browser build so one failed session creation or run does not
 * fail every later one (upstream huggingface/transformers.js#1767).
 *
 * The library serialises ONNX Runtime calls with `chain = chain.then(fn)`: once `fn` rejects, the
 * chain stays rejected and every later call returns that first error without running. After one
 * broken model file, no good model could load again in the same worker. The patch keeps the
 * serialisation but lets the chain continue after a failure:
 * `chain = chain.then(fn)` becomes `(p = chain.then(fn), chain = p.catch(() => {}), p)`.
 * If the library's code changes, the build fails here instead of silently losing the fix.
 */
import type { Plugin } from 'vite';

const TARGET = /@huggingface[\\/]transformers[\\/]dist[\\/]transformers\.web(\.min)?\.js$/;
const CHAINS = ['webInitChain', 'webInferenceChain'] as const;

export function patchTransformersChains(code: string): string {
  let patched = code;
  for (const chain of CHAINS) {
    const pattern = new RegExp(`${chain} = ${chain}\\.then\\((\\w+)\\)`, 'g');
    const matches = patched.match(pattern)?.length ?? 0;
    if (matches !== 1) {
      throw new Error(`transformers-chain-fix: expected one "${chain} = ${chain}.then(…)" in transformers.js, found ${matches}. Check whether upstream fixed #1767 and update scripts/vite/transformers-chain-fix.ts.`);
    }
    patched = patched.replace(pattern, (_, fn: string) => `(${chain}Last = ${chain}.then(${fn}), ${chain} = ${chain}Last.catch(() => {}), ${chain}Last)`);
    patched = patched.replace(`var ${chain} = Promise.resolve();`, `var ${chain} = Promise.resolve();\nvar ${chain}Last;`);
  }
  return patched;
}

export function transformersChainFix(): Plugin {
  return {
    name: 'gpt-playground:transformers-chain-fix',
    enforce: 'pre',
    transform(code, id) {
      if (!TARGET.test(id.split('?')[0] ?? '')) return null;
      return { code: patchTransformersChains(code), map: null };
    },
  };
}
