/**
 * Per-panel slices of the store. Each part of a panel picks only what it shows, so a token for
 * panel 2 re-renders panel 2's output and metrics, and nothing else.
 */
import type { TokenSnapshot } from '../../worker/protocol.ts';
import { liveMetrics } from '../../state/live-metrics.ts';
import type { Store } from '../../state/store.ts';

const NO_TOKENS: readonly TokenSnapshot[] = [];

export const selectPanelIds = (s: Store): string[] => s.panels.map((p) => p.id);

export const panelOutputSelector = (index: number) => (s: Store) => {
  const panel = s.panels[index];
  return { text: panel?.text ?? '', tokens: panel?.tokens ?? NO_TOKENS, running: panel?.status === 'running' };
};

/** Flat values (no objects), so the shallow comparison re-renders the metrics only when one changes. */
export const panelMetricsSelector = (index: number) => (s: Store) => {
  const panel = s.panels[index];
  // Live while the panel writes; the worker's own numbers once it has finished.
  const metrics = panel?.metrics ?? (panel?.status === 'running' ? liveMetrics(panel.tokens) : null);
  return {
    status: panel?.status ?? 'idle',
    timeToFirstTokenMs: metrics?.timeToFirstTokenMs ?? null,
    decodeTokensPerSecond: metrics?.decodeTokensPerSecond ?? null,
    generatedTokens: metrics?.generatedTokens ?? null,
    finishReason: panel?.finishReason ?? null,
    streamedTokens: panel?.tokens.length ?? 0,
  };
};

export const panelSettingsSelector = (index: number) => (s: Store) => {
  const panel = s.panels[index];
  return {
    settings: panel?.settings ?? null,
    maxNewTokens: panel?.maxNewTokens ?? 1,
    sharedSeed: s.sharedSeed,
    seed: s.sharedSeed ? s.seed : (panel?.seed ?? s.seed),
    contextLength: s.loaded?.contextLength ?? null,
  };
};

export const panelRunSelector = (index: number) => (s: Store) => ({
  panelRunning: s.panels[index]?.status === 'running',
  requestId: s.generateRequestId,
  panelCount: s.panels.length,
});
