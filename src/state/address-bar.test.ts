import { beforeEach, describe, expect, it } from 'vitest';
import { linkedSetupChanged } from './address-bar.ts';
import { resetStore, useStore } from './store.ts';

describe('linkedSetupChanged', () => {
  beforeEach(() => resetStore());

  // The address is rewritten for what a link carries, never per streamed token.
  it('sees prompt, model and panel settings, not streamed tokens or outputs', () => {
    const before = useStore.getState();
    useStore.setState((s) => ({ panels: s.panels.map((p) => ({ ...p, text: p.text + 'x', status: 'running' as const })) }));
    expect(linkedSetupChanged(useStore.getState(), before)).toBe(false);

    const streamed = useStore.getState();
    useStore.setState((s) => ({ panels: s.panels.map((p) => ({ ...p, settings: { ...p.settings, temperature: 1.5 } })) }));
    expect(linkedSetupChanged(useStore.getState(), streamed)).toBe(true);

    const tuned = useStore.getState();
    useStore.setState({ prompt: 'Hola' });
    expect(linkedSetupChanged(useStore.getState(), tuned)).toBe(true);

    const prompted = useStore.getState();
    useStore.setState({ tokenView: true });
    expect(linkedSetupChanged(useStore.getState(), prompted)).toBe(true);

    // The step mode's prompt is linked; its steps (the session) are not.
    const viewed = useStore.getState();
    useStore.setState((s) => ({ stepMode: { ...s.stepMode, status: 'stepping' } }));
    expect(linkedSetupChanged(useStore.getState(), viewed)).toBe(false);
    const stepping = useStore.getState();
    useStore.setState((s) => ({ stepMode: { ...s.stepMode, prompt: 'Me gusta mucho el futbol' } }));
    expect(linkedSetupChanged(useStore.getState(), stepping)).toBe(true);
  });
});
