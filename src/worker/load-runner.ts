/**
 * The playground's load: frees the model loaded before (its GPU buffers too) before the new one
 * takes memory, streams file progress, and sends `ready` with what was loaded. A load that finds a
 * damaged model drops that model's stored files, so the next Load fetches them again.
 */
import { fileProgressReporter } from './file-progress.ts';
import { toWorkerError } from './errors.ts';
import type { Runner } from './mode-context.ts';

export const runLoad: Runner<'load'> = async (ctx, request) => {
  const { deps } = ctx;
  const { requestId } = request;
  // transformers.js may go on reading files after a failure: the context drops events once the request has ended.
  const progress = fileProgressReporter(deps.now, (p) => ctx.emit({ type: 'load_progress', requestId, ...p }));
  try {
    const session = await ctx.replaceSession(async () => {
      const probe = await deps.probeGpu();
      await deps.takeStorageOutcome?.();
      return deps.loadSession(request, probe, progress.onProgress, deps.now);
    });
    if (!session) throw new Error('The load produced no model.');
    progress.end();
    // Waits for the files still being written (recording-cache.ts), so a refused write is reported.
    const outcome = (await deps.takeStorageOutcome?.()) ?? session.info.storage;
    // A folder from disk is never copied into the browser: there is nothing stored to report.
    const storage = request.diskFiles ? 'not_cached' : outcome;
    ctx.emit({ type: 'ready', requestId, model: { ...session.info, storage } });
  } catch (error) {
    progress.end();
    if (toWorkerError(error).code === 'corrupt_model') {
      // A damaged file may still be on its way into storage: let the writes end, then forget them.
      await deps.takeStorageOutcome?.();
      await deps.forgetModelFiles?.(request.modelId);
    }
    throw error;
  }
};
