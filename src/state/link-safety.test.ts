// What a link may do on its own: a host it names waits for the person's answer (no load, no
// request), dropped parts become notices, and the load action refuses bad ids before sending.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ToWorker } from '../worker/protocol.ts';
import { loadModel } from './actions.ts';
import { answerLinkHost, readLinkRequests, receiveLink } from './link-safety.ts';
import { resetStore, useStore } from './store.ts';
import { applyUrlState, shareUrl } from './url-state.ts';
import { connectWorker, type WorkerPort } from './worker-bridge.ts';

let sent: ToWorker[] = [];
const loads = () => sent.filter((m) => m.type === 'load');

beforeEach(() => {
  resetStore();
  sent = [];
  const port: WorkerPort = { postMessage: (m) => sent.push(m), onmessage: null };
  connectWorker(port, (flush) => flush());
});

afterEach(() => vi.unstubAllGlobals());

/** A link made by the page for `modelId` on WASM, with `query` before its hash. */
function linkFor(modelId: string, query: string): string {
  useStore.setState({ modelId, device: 'wasm' });
  const url = new URL(shareUrl(useStore.getState(), 'https://play.example/'));
  url.search = query;
  resetStore();
  return url.toString();
}

/** What main.tsx does with the page's address. */
const open = (url: string) => receiveLink(url, applyUrlState(url));

describe('a model host named by a link', () => {
  it('waits for an answer: nothing loads, the host is not the page’s, Load is refused meanwhile', () => {
    open(linkFor('acme/gpt2-tiny', '?hub=http://evil.example'));
    expect(useStore.getState().linkHost).toEqual({ text: 'http://evil.example', host: 'http://evil.example/', loadAfter: true });
    expect(useStore.getState().modelHost).toBe('');
    expect(useStore.getState().modelId).toBe('acme/gpt2-tiny');
    loadModel();
    expect(loads()).toEqual([]);
  });

  it('Use: becomes the model host and the link’s model loads from it', () => {
    open(linkFor('acme/gpt2-tiny', '?hub=http://10.0.0.5:8080'));
    answerLinkHost(true);
    expect(useStore.getState()).toMatchObject({ linkHost: null, modelHost: 'http://10.0.0.5:8080' });
    expect(loads()).toMatchObject([{ modelId: 'acme/gpt2-tiny', modelHost: 'http://10.0.0.5:8080/' }]);
  });

  it('Ignore: the host is dropped and nothing loads by itself', () => {
    open(linkFor('acme/gpt2-tiny', '?hub=http://evil.example'));
    answerLinkHost(false);
    expect(useStore.getState()).toMatchObject({ linkHost: null, modelHost: '' });
    expect(loads()).toEqual([]);
  });

  // A model too large for the device is not downloaded by a link alone: the warning next to Load asks first.
  it('a link’s model that may not fit this device waits for Load', () => {
    vi.stubGlobal('navigator', { languages: ['en'], deviceMemory: 0.5 });
    open(linkFor('onnx-community/gpt2-ONNX', ''));
    expect(loads()).toEqual([]);
    vi.stubGlobal('navigator', { languages: ['en'], deviceMemory: 8 });
    open(linkFor('onnx-community/gpt2-ONNX', ''));
    expect(loads()).toMatchObject([{ modelId: 'onnx-community/gpt2-ONNX' }]);
  });

  it('a link without a host loads its model at once, as before', () => {
    open(linkFor('local/gpt2-tiny', ''));
    expect(loads()).toMatchObject([{ modelId: 'local/gpt2-tiny' }]);
  });
});

describe('what a link carries in vain', () => {
  it('drops a host that is not a web address, and a setup that cannot be read, with a notice each', () => {
    expect(readLinkRequests('https://play.example/?hub=javascript:alert(1)#s=%%%garbage', true)).toEqual({
      host: null,
      notices: [{ kind: 'host_invalid', text: 'javascript:alert(1)' }, { kind: 'setup_unreadable' }],
    });
    expect(readLinkRequests('https://play.example/', false)).toEqual({ host: null, notices: [] });
    expect(readLinkRequests('https://play.example/?hub=', false)).toEqual({ host: null, notices: [] });
  });

  it('repeats at most 80 characters of what it dropped', () => {
    const { notices } = readLinkRequests(`https://play.example/?hub=javascript:${'x'.repeat(500)}`, false);
    expect(notices[0]?.kind === 'host_invalid' && notices[0].text.length).toBe(80);
  });
});

describe('the load action checks the id before any request', () => {
  it('refuses a path and a 5,000-character id, and says why on the field', () => {
    useStore.setState({ modelId: '../../etc/passwd' });
    loadModel();
    expect(useStore.getState().modelIdProblem).toEqual({ modelId: '../../etc/passwd', problem: { ok: false, code: 'not_owner_name' } });
    useStore.setState({ modelId: 'a'.repeat(5000) });
    loadModel();
    expect(useStore.getState().modelIdProblem?.problem).toEqual({ ok: false, code: 'too_long', length: 5000, max: 96 });
    expect(loads()).toEqual([]);
    expect(useStore.getState().loadStatus).toBe('idle');
  });

  it('a link naming such an id loads nothing', () => {
    open(linkFor('../../etc/passwd', ''));
    expect(loads()).toEqual([]);
    expect(useStore.getState().modelIdProblem?.modelId).toBe('../../etc/passwd');
  });
});
