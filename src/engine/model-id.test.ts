import { describe, expect, it } from 'vitest';
import { checkModelId, MAX_MODEL_ID_PART } from './model-id.ts';

describe('checkModelId', () => {
  it('accepts the catalog, the app’s own ids and Hub ids at the edge of the grammar', () => {
    for (const id of [
      'onnx-community/gpt2-ONNX',
      'Xenova/distilgpt2',
      'Xenova/gpt-neo-125M',
      'local/gpt2-tiny',
      'disk/My-model_v1.2',
      '_a/_b_',
      `${'o'.repeat(MAX_MODEL_ID_PART)}/${'n'.repeat(MAX_MODEL_ID_PART)}`,
    ]) {
      expect(checkModelId(id), id).toEqual({ ok: true });
    }
  });

  // Each would reach a server as a path it was never meant to name.
  it('refuses paths, URLs and ids that are not owner/name', () => {
    expect(checkModelId('')).toEqual({ ok: false, code: 'empty' });
    expect(checkModelId('../../etc/passwd')).toEqual({ ok: false, code: 'not_owner_name' });
    expect(checkModelId('gpt2')).toEqual({ ok: false, code: 'not_owner_name' });
    expect(checkModelId('a/b/c')).toEqual({ ok: false, code: 'not_owner_name' });
    expect(checkModelId('/etc')).toEqual({ ok: false, code: 'not_owner_name' });
    expect(checkModelId('http://evil.example/x')).toEqual({ ok: false, code: 'bad_character', character: ':' });
    expect(checkModelId('owner/na me')).toEqual({ ok: false, code: 'bad_character', character: ' ' });
    expect(checkModelId('owner/na%2e%2e')).toEqual({ ok: false, code: 'bad_character', character: '%' });
    expect(checkModelId('owner\\name')).toEqual({ ok: false, code: 'bad_character', character: '\\' });
    expect(checkModelId('owner/modèle')).toEqual({ ok: false, code: 'bad_character', character: 'è' });
  });

  it('refuses "--", "..", and parts that start or end with "-" or "."', () => {
    for (const id of ['owner/a--b', 'owner/..', 'owner/a..b', '-owner/name', 'owner/name-', 'owner/.name', 'owner/name.', 'owner/repo.git', 'owner/nb.ipynb']) {
      expect(checkModelId(id), id).toEqual({ ok: false, code: 'bad_sequence' });
    }
  });

  it('measures length: 96 characters per part, and a 5,000-character id stops at the length', () => {
    expect(checkModelId(`owner/${'n'.repeat(97)}`)).toEqual({ ok: false, code: 'too_long', length: 97, max: 96 });
    expect(checkModelId(`${'o'.repeat(97)}/name`)).toEqual({ ok: false, code: 'too_long', length: 97, max: 96 });
    expect(checkModelId('x'.repeat(5000))).toEqual({ ok: false, code: 'too_long', length: 5000, max: 96 });
    expect(checkModelId(`a/${' '.repeat(4998)}`)).toEqual({ ok: false, code: 'too_long', length: 5000, max: 96 });
  });
});
