import { beforeEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../engine/catalog.ts';
import { addPanel } from './actions.ts';
import { applyPreset, PRESETS, type Preset } from './presets.ts';
import { resetStore, useStore } from './store.ts';

function preset(name: string): Preset {
  const found = PRESETS.find((p) => p.name === name);
  if (!found) throw new Error(`no preset named ${name}`);
  return found;
}

/** What the store holds after applying `name` to a page with two panels. */
function applied(name: string) {
  resetStore();
  addPanel();
  applyPreset(preset(name));
  const { prompt, panels, modelId } = useStore.getState();
  return { prompt, panels, modelId };
}

describe('presets', () => {
  beforeEach(() => resetStore());

  it('Fútbol en español: Spanish prompt, 150 tokens, top-k 50, top-p 0.95, temperature 0.7, no-repeat 2, on the Spanish GPT-2', () => {
    const { prompt, panels, modelId } = applied('Fútbol en español');
    expect(prompt).toBe('Me gusta mucho el futbol');
    expect(modelId).toBe('datificate/gpt2-small-spanish');
    for (const panel of panels) {
      expect(panel.maxNewTokens).toBe(150);
      expect(panel.settings).toEqual({ temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 2 });
    }
  });

  it('Componente React con GPT-Neo: temperature 0.7, 500 tokens, and selects EleutherAI/gpt-neo-2.7B', () => {
    const { prompt, panels, modelId } = applied('Componente React con GPT-Neo');
    expect(prompt).toBe('crea un componente base en ReactJS con Formik para el inicio de sesión');
    expect(modelId).toBe('EleutherAI/gpt-neo-2.7B');
    for (const panel of panels) {
      expect(panel.maxNewTokens).toBe(500);
      expect(panel.settings).toEqual({ temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 });
    }
  });

  it('Autocompletar: temperature 0.7, 50 tokens', () => {
    const { prompt, panels, modelId } = applied('Autocompletar');
    expect(prompt).toBe('The future of artificial');
    // The model selected before stays: this preset names none.
    expect(modelId).toBe('local/gpt2-tiny');
    for (const panel of panels) {
      expect(panel.maxNewTokens).toBe(50);
      expect(panel.settings).toEqual({ temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 });
    }
  });

  it('Paso voraz: greedy, 6 tokens', () => {
    const { prompt, panels } = applied('Paso voraz');
    expect(prompt).toBe('Hello, I am');
    for (const panel of panels) {
      expect(panel.maxNewTokens).toBe(6);
      expect(panel.settings).toEqual({ temperature: 0.7, greedy: true, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 });
    }
  });

  // A preset must not inherit what was on screen: the same click always gives the same run.
  it('replaces settings the user changed, not only the ones it names', () => {
    useStore.setState((s) => ({ panels: s.panels.map((p) => ({ ...p, settings: { ...p.settings, repetitionPenalty: 1.8, greedy: true } })) }));
    applyPreset(preset('Autocompletar'));
    const [panel] = useStore.getState().panels;
    expect(panel?.settings.repetitionPenalty).toBe(1);
    expect(panel?.settings.greedy).toBe(false);
  });

  it('keeps outputs, seeds and the number of panels', () => {
    addPanel();
    useStore.setState((s) => ({ panels: s.panels.map((p, i) => ({ ...p, seed: 7 + i, text: `old ${i}` })) }));
    applyPreset(preset('Paso voraz'));
    const { panels } = useStore.getState();
    expect(panels.map((p) => [p.seed, p.text])).toEqual([
      [7, 'old 0'],
      [8, 'old 1'],
    ]);
  });

  // A preset's model must be one the page can offer: in the catalog, converted in the browser if need be.
  it('names catalog models only', () => {
    for (const p of PRESETS) if (p.modelId !== null) expect(CATALOG.map((e) => e.id), p.id).toContain(p.modelId);
  });

  it('has unique ids and names', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(new Set(PRESETS.map((p) => p.name)).size).toBe(PRESETS.length);
  });
});
