import { beforeEach, describe, expect, it } from 'vitest';
import { initialPanel } from './slices/panels-slice.ts';
import { resetStore, useStore } from './store.ts';
import { applyUrlState, decodeSharedState, encodeSharedState, modeFromUrl, offlineRequested, readUrlState, sharedStateOf, shareUrl, URL_STATE_PARAM, urlWithMode } from './url-state.ts';

const BASE = 'https://play.example/gpt/?lang=en#old';

/** A setup far from the defaults in every field, so a field the link forgets cannot pass by luck. */
function configureUnusualSetup(): void {
  useStore.setState({
    prompt: 'Érase una vez 🐉, "quoted" & <tagged>\nsecond line',
    modelId: 'Xenova/gpt-neo-125M',
    dtype: 'q4',
    device: 'wasm',
    sharedSeed: false,
    seed: 4_294_967_295,
    panels: [
      initialPanel({
        settings: { temperature: 1.37, greedy: false, topK: 0, topP: 0.42, minP: 0.05, repetitionPenalty: 1.25, noRepeatNgramSize: 3 },
        seed: 7,
        maxNewTokens: 333,
      }),
      initialPanel({
        settings: { temperature: 0, greedy: true, topK: 200, topP: 1, minP: 0, repetitionPenalty: 2, noRepeatNgramSize: 0 },
        seed: 0,
        maxNewTokens: 1,
      }),
    ],
    tokenView: true,
  });
}

describe('url state', () => {
  beforeEach(() => resetStore());

  // The feature's promise: open the link, get exactly the setup that was shared.
  it('restores every shared field after a round trip through a link', () => {
    configureUnusualSetup();
    const before = sharedStateOf(useStore.getState());
    const link = shareUrl(useStore.getState(), BASE);

    resetStore();
    expect(sharedStateOf(useStore.getState())).not.toEqual(before);
    expect(applyUrlState(link)).toBe(true);

    expect(sharedStateOf(useStore.getState())).toEqual(before);
  });

  it('keeps the page address and replaces only the hash', () => {
    const link = new URL(shareUrl(useStore.getState(), BASE));
    expect(link.origin + link.pathname + link.search).toBe('https://play.example/gpt/?lang=en');
    expect(link.hash.startsWith(`#${URL_STATE_PARAM}=`)).toBe(true);
    // base64url: nothing that needs escaping in a URL.
    expect(link.hash.slice(3)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('gives restored panels fresh ids and no output', () => {
    configureUnusualSetup();
    const link = shareUrl(useStore.getState(), BASE);
    useStore.setState((s) => ({ panels: s.panels.map((p) => ({ ...p, text: 'old output', status: 'done' as const })) }));
    const oldIds = useStore.getState().panels.map((p) => p.id);

    applyUrlState(link);
    const panels = useStore.getState().panels;
    expect(panels.map((p) => p.text)).toEqual(['', '']);
    expect(panels.map((p) => p.status)).toEqual(['idle', 'idle']);
    expect(panels.map((p) => p.id).some((id) => oldIds.includes(id))).toBe(false);
  });

  it('leaves the store untouched when the URL carries no state or a mangled one', () => {
    configureUnusualSetup();
    const before = useStore.getState();
    expect(applyUrlState('https://play.example/')).toBe(false);
    expect(applyUrlState('https://play.example/#s=%%%not-base64')).toBe(false);
    expect(applyUrlState(`https://play.example/#s=${btoa('{"v":1}')}`)).toBe(false); // no model id
    expect(applyUrlState(`https://play.example/#s=${btoa('{"v":99,"m":"x"}')}`)).toBe(false); // a future format
    expect(useStore.getState()).toBe(before);
  });

  // Links are typed by people and edited by hand: out-of-range values are clamped, unknown ones dropped.
  it('clamps and defaults what a hand-edited link gets wrong', () => {
    const wire = {
      v: 1,
      p: 42,
      m: ' local/gpt2-tiny ',
      d: 'int3',
      b: 'cuda',
      ss: 0,
      s: -5,
      n: [{ t: 9, g: 1, k: 500.4, p: 0, m: 3, r: 0.5, n: 99, s: 1e12, x: 0 }, 'junk', {}, {}, {}, {}],
    };
    const shared = decodeSharedState(btoa(JSON.stringify(wire)).replace(/=+$/, ''));
    expect(shared).toEqual({
      prompt: '',
      modelId: 'local/gpt2-tiny',
      dtype: 'auto',
      device: 'auto',
      sharedSeed: false,
      seed: 0,
      panels: [
        {
          // Every setting is clamped into its control's range (settings-schema.ts), min-p too.
          settings: { temperature: 2, greedy: true, topK: 200, topP: 1e-6, minP: 0.5, repetitionPenalty: 1, noRepeatNgramSize: 5 },
          seed: 4_294_967_295,
          maxNewTokens: 1,
        },
        // Four panels at most; a non-object panel gets the defaults.
        { settings: { temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 }, seed: 42, maxNewTokens: 50 },
        { settings: { temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 }, seed: 42, maxNewTokens: 50 },
        { settings: { temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 }, seed: 42, maxNewTokens: 50 },
      ],
      tokenView: false,
      step: null,
    });
  });

  it('encodes non-ASCII prompts as UTF-8 and reads them back', () => {
    const state = { ...sharedStateOf(useStore.getState()), prompt: 'ñandú 😀 漢字' };
    expect(decodeSharedState(encodeSharedState(state))?.prompt).toBe('ñandú 😀 漢字');
  });

  it('reads the state from the hash next to other hash parameters', () => {
    const encoded = encodeSharedState(sharedStateOf(useStore.getState()));
    expect(readUrlState(`https://play.example/#tab=2&s=${encoded}`)?.modelId).toBe('local/gpt2-tiny');
  });

  // One panel with defaults: about 250 characters, short enough to paste in a chat.
  it('keeps a default link short', () => {
    expect(shareUrl(useStore.getState(), 'https://play.example/').length).toBeLessThan(300);
  });
});

describe('offline link', () => {
  beforeEach(() => resetStore());

  // A teacher's link to a LAN server keeps every load off the Hub.
  it('turns offline mode on for ?offline and ?offline=1, not for ?offline=0', () => {
    expect(offlineRequested('http://lan.local:4173/?offline')).toBe(true);
    expect(offlineRequested('http://lan.local:4173/?offline=1')).toBe(true);
    expect(offlineRequested('http://lan.local:4173/?offline=0')).toBe(false);
    expect(offlineRequested('http://lan.local:4173/')).toBe(false);
    expect(applyUrlState('http://lan.local:4173/?offline=1')).toBe(false);
    expect(useStore.getState().offline).toBe(true);
  });
});

describe('mode in the link', () => {
  beforeEach(() => resetStore());

  it('opens the mode the link names, the playground otherwise, and writes only non-default modes', () => {
    expect(modeFromUrl('http://lan.local/?mode=step')).toBe('step');
    expect(modeFromUrl('http://lan.local/?mode=lab&offline')).toBe('lab');
    expect(modeFromUrl('http://lan.local/?mode=nonsense')).toBe('playground');
    expect(modeFromUrl('http://lan.local/')).toBe('playground');
    expect(urlWithMode('http://lan.local/?lang=es#s=abc', 'autocomplete')).toBe('http://lan.local/?lang=es&mode=autocomplete#s=abc');
    expect(urlWithMode('http://lan.local/?mode=step', 'playground')).toBe('http://lan.local/');
    applyUrlState('http://lan.local/?mode=autocomplete');
    expect(useStore.getState().mode).toBe('autocomplete');
  });
});

describe('the step-by-step mode in the link', () => {
  beforeEach(() => resetStore());

  // A teacher shares where a walk starts: the prompt and settings of the steps, not the steps taken.
  it('carries its prompt, settings, seed and length, and leaves them out while they are the defaults', () => {
    const plain = shareUrl(useStore.getState(), BASE);
    expect(readUrlState(plain)?.step).toBeNull();

    useStore.setState((s) => ({
      stepMode: { ...s.stepMode, prompt: 'Hello, I am', settings: { ...s.stepMode.settings, greedy: true, temperature: 1, minP: 0.2 }, seed: 7, maxTokens: 6 },
    }));
    const link = shareUrl(useStore.getState(), BASE);
    resetStore();
    expect(applyUrlState(link)).toBe(true);
    expect(useStore.getState().stepMode).toMatchObject({ prompt: 'Hello, I am', settings: { greedy: true, temperature: 1, minP: 0.2 }, seed: 7, maxTokens: 6, session: null });
  });

  it('clamps what a hand-edited link gets wrong', () => {
    const wire = { v: 1, m: 'local/gpt2-tiny', n: [{}], st: { q: 42, m: 0.9, x: 5000, t: -1 } };
    const encoded = btoa(JSON.stringify(wire)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(decodeSharedState(encoded)?.step).toMatchObject({ prompt: '', settings: { minP: 0.5, temperature: 0 }, maxTokens: 256 });
  });
});
