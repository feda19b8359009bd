import { beforeEach, describe, expect, it } from 'vitest';
import type { ToWorker } from '../worker/protocol.ts';
import { loadModel, setModelHost } from './actions.ts';
import { openDiskFolder } from './disk-folder.ts';
import { resetStore, useStore } from './store.ts';
import { answerLinkHost, receiveLink } from './link-safety.ts';
import { connectWorker } from './worker-bridge.ts';

const file = (size: number) => new File([new Uint8Array(size)], 'f');
const TINY = [
  { path: 'config.json', file: file(7) },
  { path: 'tokenizer.json', file: file(20) },
  { path: 'tokenizer_config.json', file: file(3) },
  { path: 'onnx/model_q4.onnx', file: file(50) },
  { path: 'onnx/model.onnx', file: file(100) },
];

let sent: ToWorker[] = [];
beforeEach(() => {
  resetStore();
  sent = [];
  connectWorker({ postMessage: (m) => sent.push(m), onmessage: null }, () => {});
});

describe('openDiskFolder', () => {
  it('selects the folder with only its dtypes and loads it with its files, kept off the network', () => {
    openDiskFolder({ name: 'gpt2-tiny', files: TINY });
    const state = useStore.getState();
    expect(state.modelId).toBe('disk/gpt2-tiny');
    expect(state.diskFolder?.dtypes).toEqual([
      { dtype: 'fp32', bytes: 100 },
      { dtype: 'q4', bytes: 50 },
    ]);
    expect(state.loadSource).toEqual({ kind: 'disk', folder: 'gpt2-tiny' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'load', modelId: 'disk/gpt2-tiny', dtype: 'auto', offline: true });
    expect(sent[0]?.type === 'load' && sent[0].diskFiles?.map((f) => f.path)).toEqual(TINY.map((f) => f.path));
  });

  it('names the folder below the picked one when a parent was picked, and sends paths inside the model', () => {
    openDiskFolder({ name: 'USB', files: TINY.map((f) => ({ ...f, path: `models/gpt2-tiny/${f.path}` })) });
    expect(useStore.getState().diskFolder).toMatchObject({ folder: 'USB/models/gpt2-tiny', modelId: 'disk/gpt2-tiny' });
    expect(sent[0]?.type === 'load' && sent[0].diskFiles?.[0]?.path).toBe('config.json');
  });

  // A wrong folder must not unload what is running, and must say what it lacks.
  it('leaves the loaded model alone and says what an incomplete folder lacks', () => {
    useStore.setState({ modelId: 'local/gpt2-tiny', loadStatus: 'ready' });
    openDiskFolder({ name: 'onnx', files: [{ path: 'model.onnx', file: file(1) }] });
    const state = useStore.getState();
    expect(state.modelId).toBe('local/gpt2-tiny');
    expect(state.loadStatus).toBe('ready');
    expect(state.diskFolderError).toMatchObject({ name: 'DiskFolderError', code: 'disk_folder_incomplete', folder: 'onnx', missing: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model*.onnx'] });
    expect(sent).toEqual([]);
    openDiskFolder(null);
    expect(useStore.getState().diskFolderError?.code).toBe('disk_folder_unreadable');
  });

  it('sends the files only while the folder is the selected model', () => {
    openDiskFolder({ name: 'gpt2-tiny', files: TINY });
    useStore.setState({ modelId: 'local/gpt2-tiny' });
    loadModel();
    expect(sent[1]).not.toHaveProperty('diskFiles');
  });
});

describe('model host', () => {
  // A classroom link names the mirror, applied only once the person confirms it; a link without
  // one leaves the field as it was.
  it('comes from a link’s ?hub= once confirmed', () => {
    receiveLink('http://localhost:5174/?hub=http%3A%2F%2F10.0.0.5%3A8080', false);
    expect(useStore.getState().modelHost).toBe('');
    answerLinkHost(true);
    expect(useStore.getState().modelHost).toBe('http://10.0.0.5:8080');
    receiveLink('http://localhost:5174/?offline', false);
    expect(useStore.getState().modelHost).toBe('http://10.0.0.5:8080');
  });

  it('goes with Hub loads only, and the page remembers where the files came from', () => {
    setModelHost('http://127.0.0.1:4000');
    useStore.setState({ modelId: 'acme/gpt2-tiny' });
    loadModel();
    expect(sent[0]).toMatchObject({ modelId: 'acme/gpt2-tiny', offline: false, modelHost: 'http://127.0.0.1:4000/' });
    expect(useStore.getState().loadSource).toEqual({ kind: 'host', host: 'http://127.0.0.1:4000/' });
    useStore.setState({ modelId: 'local/gpt2-tiny' });
    loadModel();
    expect(useStore.getState().loadSource).toBeNull();
    setModelHost('not a host');
    useStore.setState({ modelId: 'acme/gpt2-tiny' });
    loadModel();
    expect(sent[2]).not.toHaveProperty('modelHost');
  });
});
