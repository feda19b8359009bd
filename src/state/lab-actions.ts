/**
 * The quantization lab's intents: pick the reference text, run the lab on the model bar's model
 * and backend, stop it. The lab's events (`lab_progress`, `lab_row`) come back through
 * `workerClient.call`'s `onEvent` and become `lab` state here; Stop aborts the call, which asks
 * the worker to stop it.
 */
import { MODEL_DTYPES, type ModelDtype } from '../engine/backend-support.ts';
import { CATALOG, isLocalModelId } from '../engine/catalog.ts';
import { LAB_DECODE_PROMPT, LAB_DECODE_TOKENS, REFERENCE_TEXTS } from '../engine/lab/reference-texts.ts';
import { exhaustiveSwitchError } from '../engine/exhaustive.ts';
import type { EventOf, RequestId } from '../worker/protocol.ts';
import type { LabModeState, LabTextChoice } from './slices/lab-slice.ts';
import type { Language } from './slices/ui-slice.ts';
import { useStore, type Store } from './store.ts';
import { callErrorInfo, workerClient } from './worker-client.ts';

/** Stops the running lab: aborting it sends the worker a stop for its request. */
let running: AbortController | null = null;

/** The prefix of a model folder opened from disk: its files travel with a playground load only. */
const DISK_MODEL_PREFIX = 'disk/';

function updateLab(change: (lab: LabModeState) => Partial<LabModeState>): void {
  useStore.setState((state) => ({ lab: { ...state.lab, ...change(state.lab) } }));
}

export function setLabTextChoice(textChoice: LabTextChoice): void {
  updateLab(() => ({ textChoice }));
}

export function setLabCustomText(customText: string): void {
  updateLab(() => ({ customText }));
}

/** The text choice in effect: the one picked, or the page's language until one is. */
export function effectiveTextChoice(lab: Pick<LabModeState, 'textChoice'>, language: Language): LabTextChoice {
  return lab.textChoice ?? language;
}

/** The reference text the lab will evaluate. */
export function labText(state: Pick<Store, 'lab' | 'language'>): string {
  const choice = effectiveTextChoice(state.lab, state.language);
  return choice === 'custom' ? state.lab.customText : REFERENCE_TEXTS[choice];
}

/** The dtypes a model has, fp32 (the baseline) first; every dtype for an id outside the catalog. */
export function labDtypes(modelId: string): ModelDtype[] {
  const entry = CATALOG.find((e) => e.id === modelId);
  const has = new Set(entry ? entry.dtypes.map((d) => d.dtype) : MODEL_DTYPES);
  return MODEL_DTYPES.filter((d) => has.has(d));
}

/** Why the lab cannot run now, for the page to word; null when it can. */
export type LabBlock = 'disk_folder' | 'empty_text' | null;

export function labBlock(state: Pick<Store, 'lab' | 'language' | 'modelId'>): LabBlock {
  if (state.modelId.startsWith(DISK_MODEL_PREFIX)) return 'disk_folder';
  if (labText(state).trim() === '') return 'empty_text';
  return null;
}

/** Runs the lab on the model and backend chosen in the model bar; a run already going is replaced. */
export function runLab(): void {
  const state = useStore.getState();
  if (labBlock(state) !== null) return;
  const { modelId, device, offline } = state;
  const entry = CATALOG.find((e) => e.id === modelId);
  const dtypes = labDtypes(modelId);
  const controller = new AbortController();
  running = controller;
  const call = workerClient.call(
    'lab',
    {
      modelId,
      dtypes,
      device,
      text: labText(state),
      decodePrompt: LAB_DECODE_PROMPT,
      decodeTokens: LAB_DECODE_TOKENS,
      // As a playground load: local models never go to the Hub.
      offline: offline || isLocalModelId(modelId),
      ...(entry?.modelFileName ? { modelFileName: entry.modelFileName } : {}),
    },
    { onEvent: (event) => applyLabEvent(requestId, event), signal: controller.signal },
  );
  const { requestId } = call;
  updateLab(() => ({
    status: 'running',
    requestId,
    run: { modelId, device, dtypes, textChoice: effectiveTextChoice(state.lab, state.language) },
    current: null,
    rows: [],
    error: null,
  }));
  const isCurrent = () => useStore.getState().lab.requestId === requestId;
  call.then(
    () => {
      if (isCurrent()) updateLab((lab) => ({ status: lab.status === 'stopping' ? 'stopped' : 'done', requestId: null, current: null }));
    },
    (error: unknown) => {
      if (isCurrent()) updateLab(() => ({ status: 'error', requestId: null, current: null, error: callErrorInfo(error) }));
    },
  );
}

/** Asks the worker to stop the running lab; it ends between dtypes or phases. */
export function stopLab(): void {
  const { requestId, status } = useStore.getState().lab;
  if (!requestId || status !== 'running') return;
  updateLab(() => ({ status: 'stopping' }));
  running?.abort();
  running = null;
}

/** Applies one event of the lab request `requestId` (ignored once another run has replaced it). */
export function applyLabEvent(requestId: RequestId, event: EventOf<'lab'>): void {
  if (useStore.getState().lab.requestId !== requestId) return;
  switch (event.type) {
    case 'lab_progress':
      return updateLab((lab) => {
        const files = lab.current?.dtype === event.dtype ? lab.current.files : {};
        const file = event.file;
        return {
          current: {
            dtype: event.dtype,
            phase: event.phase,
            files: file ? { ...files, [file.name]: { loaded: file.loaded, total: file.total, done: file.done } } : files,
          },
        };
      });
    case 'lab_row':
      return updateLab((lab) => ({ rows: [...lab.rows, event.row] }));
    default:
      return exhaustiveSwitchError(event);
  }
}
