import { describe, expect, it } from 'vitest';
import { editorIntent, type EditorKey } from './editor-keys.ts';

const key = (key: string, code: string, mods: Partial<EditorKey> = {}): EditorKey => ({ key, code, altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...mods });
const shown = { suggestion: true, pending: false };
const none = { suggestion: false, pending: false };

describe('editorIntent', () => {
  it('accepts with Tab only while a suggestion is shown, so Tab still leaves the editor otherwise', () => {
    expect(editorIntent(key('Tab', 'Tab'), shown)).toBe('accept');
    expect(editorIntent(key('Tab', 'Tab'), none)).toBeNull();
    expect(editorIntent(key('Tab', 'Tab', { shiftKey: true }), shown)).toBeNull();
  });

  it('dismisses with Escape a suggestion or one on its way', () => {
    expect(editorIntent(key('Escape', 'Escape'), shown)).toBe('dismiss');
    expect(editorIntent(key('Escape', 'Escape'), { suggestion: false, pending: true })).toBe('dismiss');
    expect(editorIntent(key('Escape', 'Escape'), none)).toBeNull();
  });

  it('cycles with Alt+] and Alt+[ by key position, whatever character the layout types', () => {
    expect(editorIntent(key('‘', 'BracketRight', { altKey: true }), shown)).toBe('next');
    expect(editorIntent(key('[', 'BracketLeft', { altKey: true }), shown)).toBe('previous');
    expect(editorIntent(key(']', 'BracketRight'), shown)).toBeNull();
    expect(editorIntent(key(']', 'BracketRight', { altKey: true, ctrlKey: true }), shown)).toBeNull();
  });
});
