/** Store selectors the workspace's parts share; module-level so every render reuses them. */
import type { Store } from '../../state/store.ts';

/** A generation is running until its terminal message arrives. */
export const selectIsGenerating = (s: Store): boolean => s.generateRequestId !== null;
export const selectModelReady = (s: Store): boolean => s.loadStatus === 'ready';
export const selectPanelCount = (s: Store): number => s.panels.length;
export const selectTokenView = (s: Store): boolean => s.tokenView;
