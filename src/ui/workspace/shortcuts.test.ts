import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from './shortcuts.ts';

const key = (k: string, extra: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  defaultPrevented: false,
  isComposing: false,
  ...extra,
});

describe('shortcutFor', () => {
  it('generates on Ctrl+Enter and Cmd+Enter, not on Enter alone', () => {
    expect(shortcutFor(key('Enter', { ctrlKey: true }))).toBe('generate');
    expect(shortcutFor(key('Enter', { metaKey: true }))).toBe('generate');
    expect(shortcutFor(key('Enter'))).toBeNull();
    expect(shortcutFor(key('Enter', { ctrlKey: true, altKey: true }))).toBeNull();
  });
  it('stops on a bare Esc', () => {
    expect(shortcutFor(key('Escape'))).toBe('stop');
    expect(shortcutFor(key('Escape', { shiftKey: true }))).toBeNull();
  });
  // Esc that closed a token popover must not also stop the generation.
  it('leaves keys that something else handled', () => {
    expect(shortcutFor(key('Escape', { defaultPrevented: true }))).toBeNull();
    expect(shortcutFor(key('Enter', { ctrlKey: true, isComposing: true }))).toBeNull();
  });
});
