/**
 * Everything the UI can ask for, as plain functions over the store.
 */
import type { ModelDtype } from '../engine/backend-support.ts';
import { isLocalModelId } from '../engine/catalog.ts';
import { checkModelId } from '../engine/model-id.ts';
import { checkModelHost } from './model-host-url.ts';
import { MAX_PANELS } from '../engine/decode-loop.ts';
import type { SamplingSettings } from '../engine/types.ts';
import type { DevicePreference } from '../worker/protocol.ts';
import { randomSeed } from './defaults.ts';
import { clampMaxNewTokens, clampSeed, clampSettings } from './settings-ranges.ts';
import { initialPanel, newPanelId, type PanelRun, type PanelState } from './slices/panels-slice.ts';
import type { AppMode, Language, Theme } from './slices/ui-slice.ts';
import { useStore } from './store.ts';
import { urlWithMode } from './url-state.ts';
import { sendGenerate, sendLoad, sendStop, workerClient } from './worker-bridge.ts';

export function selectModel(modelId: string): void {
  useStore.setState({ modelId, dtype: 'auto' });
}
export function selectDtype(dtype: ModelDtype | 'auto'): void {
  useStore.setState({ dtype });
}
export function selectDevice(device: DevicePreference): void {
  useStore.setState({ device });
}

export function loadModel(modelFileName?: string): void {
  const { modelId, dtype, device, offline, diskFolder, modelHost, linkHost } = useStore.getState();
  // Before any request: an id that cannot be a model id is refused on its field (engine/model-id.ts),
  // and while a link's model host waits for the person's answer nothing loads (link-safety.ts).
  const idCheck = checkModelId(modelId);
  if (!idCheck.ok) return useStore.setState({ modelIdProblem: { modelId, problem: idCheck } });
  if (linkHost !== null) return;
  // The folder opened from disk goes with the request while its id is the one selected.
  const disk = diskFolder?.modelId === modelId ? diskFolder : null;
  const host = checkModelHost(modelHost);
  const remote = !offline && !isLocalModelId(modelId) && disk === null;
  const loadSource = disk ? { kind: 'disk' as const, folder: disk.folder } : remote && host.kind === 'host' ? { kind: 'host' as const, host: host.host } : null;
  const requestId = sendLoad({
    modelId,
    dtype,
    device,
    offline: !remote,
    ...(modelFileName ? { modelFileName } : {}),
    ...(disk ? { diskFiles: disk.files } : {}),
    ...(host.kind === 'host' ? { modelHost: host.host } : {}),
  });
  useStore.setState({ loadStatus: 'loading', loadRequestId: requestId, files: {}, loadError: null, loaded: null, diskFolderError: null, loadSource, modelIdProblem: null });
}

/**
 * Asks the model worker which WebGPU adapter it gets (and what `auto` makes of it); the model bar
 * needs it to say what `auto` and each dtype will do.
 */
export async function probeGpu(): Promise<void> {
  const { probe } = await workerClient.call('probe', {});
  useStore.setState({ gpuProbe: probe });
}

export function setPrompt(prompt: string): void {
  useStore.setState({ prompt });
}

/** Starts every panel at once, as one batch. A generation already running is cancelled by the worker. */
export function generate(): void {
  const state = useStore.getState();
  if (state.loadStatus !== 'ready') return;
  const runs = state.panels.map(
    (p): PanelRun => ({
      settings: clampSettings(p.settings),
      seed: state.sharedSeed ? state.seed : p.seed,
      sharedSeed: state.sharedSeed,
      maxNewTokens: clampMaxNewTokens(p.maxNewTokens, state.loaded?.contextLength),
    }),
  );
  const requestId = sendGenerate({ prompt: state.prompt, panels: runs.map(({ settings, seed, maxNewTokens }) => ({ settings, seed, maxNewTokens })) });
  useStore.setState({
    generateRequestId: requestId,
    generateError: null,
    runPrompt: state.prompt,
    runModel: state.loaded,
    panels: state.panels.map((p, i) => ({ ...p, tokens: [], text: '', status: 'running', finishReason: null, metrics: null, run: runs[i] ?? null })),
  });
}

/** Stops one panel, or all of them when `panel` is null. */
export function stop(panel: number | null = null): void {
  const target = useStore.getState().generateRequestId;
  if (!target) return;
  sendStop(target, panel);
}

function updatePanel(index: number, change: (panel: PanelState) => PanelState): void {
  useStore.setState((state) => ({ panels: state.panels.map((p, i) => (i === index ? change(p) : p)) }));
}

export function updateSettings(index: number, settings: Partial<SamplingSettings>): void {
  updatePanel(index, (p) => ({ ...p, settings: clampSettings({ ...p.settings, ...settings }) }));
}

export function setMaxNewTokens(index: number, value: number): void {
  const contextLength = useStore.getState().loaded?.contextLength;
  updatePanel(index, (p) => ({ ...p, maxNewTokens: clampMaxNewTokens(value, contextLength) }));
}

export function setPanelSeed(index: number, seed: number): void {
  updatePanel(index, (p) => ({ ...p, seed: clampSeed(seed) }));
}

/**
 * Turns seed sharing on or off without any Seed field jumping: sharing takes panel 1's seed,
 * unsharing gives every panel the shared one.
 */
export function setSharedSeed(shared: boolean): void {
  useStore.setState((state) =>
    shared
      ? { sharedSeed: true, seed: state.panels[0]?.seed ?? state.seed }
      : { sharedSeed: false, panels: state.panels.map((p) => ({ ...p, seed: state.seed })) },
  );
}

export function setSeed(seed: number): void {
  useStore.setState({ seed: clampSeed(seed) });
}

export function newRandomSeed(index: number | null = null): void {
  if (index === null) setSeed(randomSeed());
  else setPanelSeed(index, randomSeed());
}

/** Offline mode: loads never contact the Hub; only models served by the page or stored in the browser. */
export function setOffline(offline: boolean): void {
  useStore.setState({ offline });
}

export function addPanel(): void {
  useStore.setState((state) => (state.panels.length >= MAX_PANELS ? state : { panels: [...state.panels, initialPanel()] }));
}

export function duplicatePanel(index: number): void {
  useStore.setState((state) => {
    const source = state.panels[index];
    if (!source || state.panels.length >= MAX_PANELS) return state;
    const copy: PanelState = { ...initialPanel(), settings: source.settings, seed: source.seed, maxNewTokens: source.maxNewTokens, id: newPanelId() };
    return { panels: [...state.panels.slice(0, index + 1), copy, ...state.panels.slice(index + 1)] };
  });
}

export function removePanel(index: number): void {
  useStore.setState((state) => (state.panels.length <= 1 ? state : { panels: state.panels.filter((_, i) => i !== index) }));
}

/** Shows a mode, and puts it in the address so a reload or a shared link opens it. */
export function setMode(mode: AppMode): void {
  useStore.setState({ mode });
  if (typeof window !== 'undefined' && typeof history !== 'undefined') history.replaceState(history.state, '', urlWithMode(window.location.href, mode));
}

export function setLanguage(language: Language): void {
  useStore.setState({ language });
}
export function setTheme(theme: Theme): void {
  useStore.setState({ theme });
}
export function setTokenView(tokenView: boolean): void {
  useStore.setState({ tokenView });
}

/** The model host Hub ids are downloaded from (a classroom mirror); empty text for the Hugging Face Hub. */
export function setModelHost(text: string): void {
  useStore.setState({ modelHost: text });
}
