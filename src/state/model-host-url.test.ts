import { describe, expect, it } from 'vitest';
import { checkModelHost, modelHostLabel } from './model-host-url.ts';

describe('checkModelHost', () => {
  it('reads empty text as the Hub, and normalises a host to end in a slash', () => {
    expect(checkModelHost('  ')).toEqual({ kind: 'hub' });
    expect(checkModelHost('http://192.168.1.10:8080')).toEqual({ kind: 'host', host: 'http://192.168.1.10:8080/' });
    expect(checkModelHost(' https://mirror.school/hf/ ')).toEqual({ kind: 'host', host: 'https://mirror.school/hf/' });
  });

  // Each of these would send every file request somewhere it cannot be answered.
  it('refuses what is not a plain http(s) address', () => {
    for (const text of ['192.168.1.10:8080', 'mirror', 'ftp://mirror/', 'http://mirror/?x=1', 'http://user:pw@mirror/']) {
      expect(checkModelHost(text), text).toEqual({ kind: 'invalid', text });
    }
  });

  it('labels a host without its scheme', () => {
    expect(modelHostLabel('http://127.0.0.1:4000/')).toBe('127.0.0.1:4000');
    expect(modelHostLabel('https://mirror.school/hf/')).toBe('mirror.school/hf');
  });
});
