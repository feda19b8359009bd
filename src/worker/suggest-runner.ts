/**
 * The autocomplete mode's request: a few tokens of continuation per seed, in one batch.
 * (Being built; see issue "Teaching modes".)
 */
import { WorkerError } from './errors.ts';
import type { ModeContext } from './handler.ts';
import type { SuggestRequest } from './protocol.ts';

export async function runSuggest(ctx: ModeContext, request: SuggestRequest): Promise<void> {
  ctx.fail(request.requestId, new WorkerError('invalid_request', 'Autocomplete is not available yet.'));
}
