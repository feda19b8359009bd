/**
 * The playground's setup in a link: prompt, model, dtype, backend, seeds and every panel's
 * settings, as base64url JSON in the URL's hash (`#s=…`). The hash never reaches a server, so a
 * shared prompt stays between the people who share it. Outputs are not in the link: they are
 * produced again by loading the model and generating.
 */
import { BACKENDS, MODEL_DTYPES, type ModelDtype } from '../engine/backend-support.ts';
import { MAX_PANELS } from '../engine/decode-loop.ts';
import { NUMERIC_SETTING_NAMES, type NumericSettingName } from '../engine/settings-schema.ts';
import type { SamplingSettings } from '../engine/types.ts';
import type { DevicePreference } from '../worker/protocol.ts';
import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_SEED, defaultSettings } from './defaults.ts';
import { clampMaxNewTokens, clampSeed, clampSettings, clampStepMaxTokens } from './settings-ranges.ts';
import { initialPanel } from './slices/panels-slice.ts';
import { DEFAULT_STEP_MAX_TOKENS, initialStepState } from './slices/step-slice.ts';
import { APP_MODES, type AppMode } from './slices/ui-slice.ts';
import { useStore, type Store } from './store.ts';

/** The hash parameter that holds the state. */
export const URL_STATE_PARAM = 's';
/** `?offline` (or `?offline=1`): never contact the Hub, e.g. a classroom link to a LAN server. */
export const OFFLINE_PARAM = 'offline';

/** Whether the link asks for offline mode; `?offline=0` and `?offline=false` do not. */
export function offlineRequested(url: string | URL): boolean {
  const value = new URL(url, 'http://local.invalid').searchParams.get(OFFLINE_PARAM);
  return value !== null && value !== '0' && value !== 'false';
}
/** `?hub=http://10.0.0.5:8080`: download Hub ids from a classroom mirror with the Hub's layout. */
export const HUB_PARAM = 'hub';

/** The model host a link names, as written (the offline section checks it); null when it names none. */
export function modelHostRequested(url: string | URL): string | null {
  const value = new URL(url, 'http://local.invalid').searchParams.get(HUB_PARAM)?.trim();
  return value ? value : null;
}
/** `?mode=step|autocomplete|lab`: the mode a link opens in; absent for the playground. */
export const MODE_PARAM = 'mode';

/** The mode a URL asks for; the playground when it names none (or one we do not know). */
export function modeFromUrl(url: string | URL): AppMode {
  const value = new URL(url, 'http://local.invalid').searchParams.get(MODE_PARAM);
  return (APP_MODES as readonly string[]).includes(value ?? '') ? (value as AppMode) : 'playground';
}

/** `url` showing `mode`: the playground leaves the parameter out. */
export function urlWithMode(url: string | URL, mode: AppMode): string {
  const next = new URL(url);
  if (mode === 'playground') next.searchParams.delete(MODE_PARAM);
  else next.searchParams.set(MODE_PARAM, mode);
  return next.toString();
}

/** Bumped when the wire format changes meaning; older links are then ignored rather than misread. */
const WIRE_VERSION = 1;

const DEVICES = ['auto', ...BACKENDS] as const satisfies readonly DevicePreference[];

export interface SharedPanel {
  readonly settings: SamplingSettings;
  readonly seed: number;
  readonly maxNewTokens: number;
}

/** What a link carries. */
export interface SharedState {
  readonly prompt: string;
  readonly modelId: string;
  readonly dtype: ModelDtype | 'auto';
  readonly device: DevicePreference;
  readonly sharedSeed: boolean;
  readonly seed: number;
  readonly panels: readonly SharedPanel[];
  /** Outputs as token chips. */
  readonly tokenView: boolean;
  /** The step-by-step mode's prompt and settings; null while they are the defaults (shorter links). */
  readonly step: SharedStep | null;
}

/** What a link carries of the step-by-step mode: where the walk starts, not the steps taken. */
export interface SharedStep {
  readonly prompt: string;
  readonly settings: SamplingSettings;
  readonly seed: number;
  readonly maxTokens: number;
}

/** One panel on the wire: short keys keep links short. */
interface WirePanel {
  t: number; // temperature
  g: 0 | 1; // greedy
  k: number; // top-k
  p: number; // top-p
  m: number; // min-p
  r: number; // repetition penalty
  n: number; // no-repeat n-gram size
  s: number; // seed
  x: number; // max new tokens
}

/** Each numeric sampling setting's key on the wire: a setting added to the table needs one here. */
const WIRE_KEYS = { temperature: 't', topK: 'k', topP: 'p', minP: 'm', repetitionPenalty: 'r', noRepeatNgramSize: 'n' } as const satisfies Record<
  NumericSettingName,
  keyof WirePanel
>;

interface WireState {
  v: number;
  p: string; // prompt
  m: string; // model id
  d: string; // dtype
  b: string; // backend (device preference)
  ss: 0 | 1; // shared seed
  s: number; // shared seed value
  n: WirePanel[];
  tv?: 0 | 1; // token view (absent in older links: off)
  st?: WirePanel & { q: string }; // step-by-step mode: settings, seed, "Run to end" length, prompt (absent: defaults)
}

/** The part of the store a link carries. */
export function sharedStateOf(
  state: Pick<Store, 'prompt' | 'modelId' | 'dtype' | 'device' | 'sharedSeed' | 'seed' | 'panels' | 'tokenView' | 'stepMode'>,
): SharedState {
  const { prompt, settings, seed, maxTokens } = state.stepMode;
  const step = { prompt, settings, seed, maxTokens };
  const defaults = initialStepState().stepMode;
  const isDefault = JSON.stringify(step) === JSON.stringify({ prompt: defaults.prompt, settings: defaults.settings, seed: defaults.seed, maxTokens: defaults.maxTokens });
  return {
    prompt: state.prompt,
    modelId: state.modelId,
    dtype: state.dtype,
    device: state.device,
    sharedSeed: state.sharedSeed,
    seed: state.seed,
    panels: state.panels.map((p) => ({ settings: p.settings, seed: p.seed, maxNewTokens: p.maxNewTokens })),
    tokenView: state.tokenView,
    step: isDefault ? null : step,
  };
}

function panelToWire({ settings: st, seed, maxNewTokens }: SharedPanel): WirePanel {
  const wire = { g: st.greedy ? 1 : 0, s: seed, x: maxNewTokens } as WirePanel;
  for (const name of NUMERIC_SETTING_NAMES) wire[WIRE_KEYS[name]] = st[name];
  return wire;
}

function toWire(state: SharedState): WireState {
  return {
    v: WIRE_VERSION,
    p: state.prompt,
    m: state.modelId,
    d: state.dtype,
    b: state.device,
    ss: state.sharedSeed ? 1 : 0,
    s: state.seed,
    n: state.panels.map(panelToWire),
    ...(state.tokenView ? { tv: 1 as const } : {}),
    ...(state.step ? { st: { ...panelToWire({ ...state.step, maxNewTokens: state.step.maxTokens }), q: state.step.prompt } } : {}),
  };
}

// --- parsing: a link is untrusted input; anything odd falls back to the default for that field ---

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOr = (value: unknown, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const oneOf = <T extends string>(value: unknown, options: readonly T[], fallback: T): T =>
  typeof value === 'string' && (options as readonly string[]).includes(value) ? (value as T) : fallback;

function panelFromWire(wire: unknown): SharedPanel {
  const w = isRecord(wire) ? wire : {};
  const settings = { ...defaultSettings(), greedy: w.g === 1 || w.g === true };
  for (const name of NUMERIC_SETTING_NAMES) settings[name] = numberOr(w[WIRE_KEYS[name]], settings[name]);
  return {
    settings: clampSettings(settings),
    seed: clampSeed(numberOr(w.s, DEFAULT_SEED)),
    maxNewTokens: clampMaxNewTokens(numberOr(w.x, DEFAULT_MAX_NEW_TOKENS), null),
  };
}

function fromWire(wire: unknown): SharedState | null {
  if (!isRecord(wire) || wire.v !== WIRE_VERSION || typeof wire.m !== 'string' || wire.m.trim() === '') return null;
  const panels = Array.isArray(wire.n) ? wire.n.slice(0, MAX_PANELS).map(panelFromWire) : [];
  return {
    prompt: typeof wire.p === 'string' ? wire.p : '',
    modelId: wire.m.trim(),
    dtype: oneOf(wire.d, ['auto', ...MODEL_DTYPES], 'auto'),
    device: oneOf(wire.b, DEVICES, 'auto'),
    sharedSeed: wire.ss !== 0 && wire.ss !== false,
    seed: clampSeed(numberOr(wire.s, DEFAULT_SEED)),
    panels: panels.length > 0 ? panels : [panelFromWire({})],
    tokenView: wire.tv === 1 || wire.tv === true,
    step: stepFromWire(wire.st),
  };
}

function stepFromWire(wire: unknown): SharedStep | null {
  if (!isRecord(wire)) return null;
  const panel = panelFromWire(wire);
  return {
    prompt: typeof wire.q === 'string' ? wire.q : '',
    settings: panel.settings,
    seed: panel.seed,
    maxTokens: clampStepMaxTokens(numberOr(wire.x, DEFAULT_STEP_MAX_TOKENS)),
  };
}

// --- base64url of UTF-8, so any prompt (emoji, accents) survives ---

function toBase64Url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(encoded: string): string {
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The compact form that goes after `#s=`. */
export function encodeSharedState(state: SharedState): string {
  return toBase64Url(JSON.stringify(toWire(state)));
}

/** Reads what `encodeSharedState` wrote; null when it is not a link of ours (or was mangled). */
export function decodeSharedState(encoded: string): SharedState | null {
  try {
    return fromWire(JSON.parse(fromBase64Url(encoded)));
  } catch {
    return null;
  }
}

/** The link to this setup: `base` (the page's address) with its hash replaced. */
export function shareUrl(state: Parameters<typeof sharedStateOf>[0], base: string | URL): string {
  const url = new URL(base);
  url.hash = `${URL_STATE_PARAM}=${encodeSharedState(sharedStateOf(state))}`;
  return url.toString();
}

/** The state a URL carries, or null when it carries none. */
export function readUrlState(url: string | URL): SharedState | null {
  const hash = new URL(url).hash.replace(/^#/, '');
  const encoded = new URLSearchParams(hash).get(URL_STATE_PARAM);
  return encoded ? decodeSharedState(encoded) : null;
}

/**
 * Puts the setup a URL carries into the store; panels start empty, as if just configured.
 * Returns whether the URL carried one (a URL without one leaves the store untouched).
 */
export function applyUrlState(url: string | URL): boolean {
  if (offlineRequested(url)) useStore.setState({ offline: true });
  // `?hub=` is not taken here: a host from a link waits for the person's answer (link-safety.ts).
  const mode = modeFromUrl(url);
  if (mode !== useStore.getState().mode) useStore.setState({ mode });
  const shared = readUrlState(url);
  if (!shared) return false;
  useStore.setState({
    prompt: shared.prompt,
    modelId: shared.modelId,
    dtype: shared.dtype,
    device: shared.device,
    sharedSeed: shared.sharedSeed,
    seed: shared.seed,
    panels: shared.panels.map((p) => initialPanel({ settings: p.settings, seed: p.seed, maxNewTokens: p.maxNewTokens })),
    tokenView: shared.tokenView,
    ...(shared.step ? { stepMode: { ...useStore.getState().stepMode, ...shared.step, session: null } } : {}),
  });
  return true;
}
