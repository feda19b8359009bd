/**
 * What a link may and may not do on its own. A shared link is untrusted input: `?hub=` would make
 * the browser download from any host the link names, at once (a link's setup loads its model as
 * the page opens). So a model host from a link is only proposed: the page asks "Use this model
 * host?" and nothing contacts it before the person says yes (HostConfirm.tsx). A host that is not
 * a web address (`javascript:…`) and a `#s=` setup that cannot be read are dropped, and the page
 * says so (LinkNotice.tsx) instead of silently opening with something else.
 */
import { checkModelHost } from './model-host-url.ts';
import { loadModel } from './actions.ts';
import { mayNotFit } from './device-memory.ts';
import { useStore } from './store.ts';
import { HUB_PARAM, modelHostRequested, readUrlState, URL_STATE_PARAM } from './url-state.ts';

/** A model host a link named, waiting for the person's answer. */
export interface LinkHost {
  /** As the link wrote it (trimmed): what the "Model host" field shows once it is used. */
  readonly text: string;
  /** Normalised, ending in `/` (model-host-url.ts). */
  readonly host: string;
  /** Whether the link's setup asked for its model to load: it does once the host is answered for. */
  readonly loadAfter: boolean;
}

/** Something the link carried that the page did not use. */
export type LinkNotice =
  /** `?hub=` that is not an http(s) address; `text` is what it said, shortened. */
  | { readonly kind: 'host_invalid'; readonly text: string }
  /** `#s=` that is not a setup of ours (cut short, edited, from an unknown version). */
  | { readonly kind: 'setup_unreadable' };

/** The longest part of a dropped value the page repeats: a link can hold kilobytes. */
const MAX_ECHO = 80;
const shorten = (text: string): string => (text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO - 1)}…` : text);

/** Whether the URL's hash has a `#s=` value at all (readable or not). */
function hasSetupParam(url: string | URL): boolean {
  const hash = new URL(url).hash.replace(/^#/, '');
  return (new URLSearchParams(hash).get(URL_STATE_PARAM) ?? '') !== '';
}

/** What the link asks that needs an answer or a word: the host to confirm, and what was dropped. */
export function readLinkRequests(url: string | URL, loadAfter: boolean): { host: LinkHost | null; notices: LinkNotice[] } {
  const notices: LinkNotice[] = [];
  let host: LinkHost | null = null;
  const text = modelHostRequested(url);
  if (text !== null) {
    const check = checkModelHost(text);
    if (check.kind === 'host') host = { text, host: check.host, loadAfter };
    else if (check.kind === 'invalid') notices.push({ kind: 'host_invalid', text: shorten(check.text) });
  }
  if (hasSetupParam(url) && readUrlState(url) === null) notices.push({ kind: 'setup_unreadable' });
  return { host, notices };
}

/**
 * Takes in what the page's link asks (after `applyUrlState`, which no longer takes its host):
 * a host waits for the person's answer, dropped parts become notices, and the link's model loads
 * now only when no host waits. `loadAfter`: whether the link carried a setup to load.
 */
export function receiveLink(url: string | URL, loadAfter: boolean): void {
  const { host, notices } = readLinkRequests(url, loadAfter);
  useStore.setState({ linkHost: host, linkNotices: notices });
  if (notices.some((n) => n.kind === 'host_invalid')) forgetHubParam();
  if (loadAfter && host === null) loadLinkedModel();
}

/**
 * Takes `?hub=` out of the address once it is not used (ignored, or not a web address), so a
 * reload does not ask again and the Share link does not pass it on.
 */
function forgetHubParam(): void {
  if (typeof window === 'undefined' || typeof history === 'undefined') return;
  const url = new URL(window.location.href);
  if (!url.searchParams.has(HUB_PARAM)) return;
  url.searchParams.delete(HUB_PARAM);
  history.replaceState(history.state, '', url.toString());
}

/**
 * The link's model loads by itself unless it may not fit this device: then the warning next to
 * Load says so, and the person decides (device-memory.ts).
 */
function loadLinkedModel(): void {
  if (!mayNotFit(useStore.getState())) loadModel();
}

/**
 * The person's answer about the link's host. Yes: it becomes the model host, and the link's model
 * loads from it as the link meant. No: the page keeps its own host and loads nothing by itself.
 */
export function answerLinkHost(use: boolean): void {
  const pending = useStore.getState().linkHost;
  if (pending === null) return;
  useStore.setState(use ? { linkHost: null, modelHost: pending.text } : { linkHost: null });
  if (!use) forgetHubParam();
  if (use && pending.loadAfter) loadLinkedModel();
}

/** Hides the notices about the link. */
export function dismissLinkNotices(): void {
  useStore.setState({ linkNotices: [] });
}
