import { beforeEach, describe, expect, it } from 'vitest';
import { addPanel, setPanelSeed, setSeed, setSharedSeed } from './actions.ts';
import { resetStore, useStore } from './store.ts';

beforeEach(() => resetStore());

describe('seed sharing', () => {
  // Toggling "Share seed" must not change the seed any panel shows.
  it('keeps every visible seed when sharing is switched off and on', () => {
    addPanel();
    setSeed(7);
    setSharedSeed(false);
    expect(useStore.getState().panels.map((p) => p.seed)).toEqual([7, 7]);
    setPanelSeed(0, 99);
    setSharedSeed(true);
    expect(useStore.getState().seed).toBe(99);
  });
});
