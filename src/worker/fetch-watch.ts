/**
 * Tells apart what transformers.js reports alike. It swallows a failed fetch of a model served by
 * the page and reports the file as not found ("run npm run models:generate", wrong when the
 * server is only down), and it parses whatever a server sends: a server with a single-page
 * fallback (Vite's dev server, `vite preview`, many static hosts) answers a file it lacks with its
 * index.html and status 200, which then reads as "a file is damaged". So every fetch of a load goes
 * through here: a web page where a model file was expected is refused at once (so it is neither
 * parsed nor stored in the browser), and a connection that failed is noted, so the load's error
 * can say what happened (`not_a_model_file`, `server_unreachable`). An ONNX file that downloaded
 * whole but cannot be read (a server that cut it short with a Content-Length that agrees) is named
 * in the "damaged" error, since ONNX Runtime's words do not say which file it was.
 */
import { env } from '@huggingface/transformers';
import { isLocalModelId } from '../engine/catalog.ts';
import { toWorkerError, WorkerError } from './errors.ts';

/** transformers.js's `env.fetch`. */
type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** What went wrong with one request of the load. */
export type FetchTrouble = { readonly kind: 'web_page' | 'unreachable'; readonly url: string };

const urlOf = (input: string | URL): string => (typeof input === 'string' ? input : input.href);

/** An ONNX model file (`onnx/model_quantized.onnx`), by the URL's path. */
const isOnnxUrl = (url: string): boolean => /\.onnx$/i.test(new URL(url, 'http://local.invalid/').pathname);

/**
 * ONNX Runtime's words when it cannot read a model file ("Can't create a session. … protobuf
 * parsing failed"), as opposed to a JSON file that did not parse, which errors.ts also calls
 * `corrupt_model`.
 */
const SESSION_FAILED = /create a session|protobuf|Failed to load model|invalid wire type|ONNX format/i;

/** The file's name in the model's folder, as the person knows it: `config.json`, `onnx/model.onnx`. */
export function fileOfUrl(url: string): string {
  const path = new URL(url, 'http://local.invalid/').pathname;
  const resolve = /\/resolve\/[^/]+\/(.+)$/.exec(path);
  if (resolve?.[1]) return decodeURIComponent(resolve[1]);
  const onnx = /\/(onnx\/[^/]+)$/.exec(path);
  return decodeURIComponent(onnx?.[1] ?? path.slice(path.lastIndexOf('/') + 1));
}

/** Whether a response is a web page, by its content type (a body parsed as JSON says `<` too: errors.ts). */
function isWebPage(response: Response): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)/i.test(response.headers.get('content-type') ?? '');
}

/** The requests of one load that went wrong, and the fetch that notes them. */
export class FetchWatch {
  private troubles: FetchTrouble[] = [];
  /** The ONNX files this load fetched from the network (answered 2xx), in order. */
  private onnxFiles: string[] = [];

  /** Forgets what earlier loads noted. */
  reset(): void {
    this.troubles = [];
    this.onnxFiles = [];
  }

  get noted(): readonly FetchTrouble[] {
    return this.troubles;
  }

  /** `inner`, refusing web pages and noting failed connections. */
  wrap(inner: FetchLike): FetchLike {
    return async (input, init) => {
      const url = urlOf(input);
      let response: Response;
      try {
        response = await inner(input, init);
      } catch (error) {
        if (!(error instanceof DOMException && error.name === 'AbortError')) this.troubles.push({ kind: 'unreachable', url });
        throw error;
      }
      if (response.ok && isWebPage(response)) {
        this.troubles.push({ kind: 'web_page', url });
        await response.body?.cancel();
        throw new WorkerError('not_a_model_file', { value: fileOfUrl(url) }, `${url} answered ${response.status} with ${response.headers.get('content-type')}`);
      }
      if (response.ok && isOnnxUrl(url)) this.onnxFiles.push(url);
      return response;
    };
  }

  /**
   * The error a failed load should report: `error` itself, or what the noted troubles say it
   * was. A web page where a file was expected wins; a model the page serves whose server could
   * not be reached is not "not found"; an ONNX file this load downloaded that ONNX Runtime could
   * not read is named (`corrupt_model` with reason `onnx_file`).
   */
  explain(error: unknown, modelId: string): unknown {
    const info = toWorkerError(error);
    const code = info.code;
    if (code === 'not_a_model_file' || !['model_not_found', 'corrupt_model', 'network'].includes(code)) return error;
    const page = this.troubles.find((t) => t.kind === 'web_page');
    if (page) return new WorkerError('not_a_model_file', { value: fileOfUrl(page.url) }, `${page.url} answered with a web page`);
    const onnx = this.onnxFiles.at(-1);
    if (code === 'corrupt_model' && onnx && info.params.reason === undefined && SESSION_FAILED.test(info.detail ?? '')) {
      return new WorkerError('corrupt_model', { reason: 'onnx_file', value: fileOfUrl(onnx) }, info.detail);
    }
    const unreachable = this.troubles.find((t) => t.kind === 'unreachable');
    if (unreachable && isLocalModelId(modelId) && code === 'model_not_found') {
      return new WorkerError('server_unreachable', {}, `${unreachable.url}: the connection failed (${error instanceof Error ? error.message : String(error)})`);
    }
    return error;
  }
}

const watch = new FetchWatch();
let installed = false;

/**
 * Starts watching the fetches of a load: puts the watch in front of transformers.js's `env.fetch`
 * (once) and forgets earlier loads' troubles. Returns the watch, for `explain` on failure.
 */
export function watchLoadFetches(): FetchWatch {
  if (!installed) {
    env.fetch = watch.wrap(env.fetch as FetchLike);
    installed = true;
  }
  watch.reset();
  return watch;
}
