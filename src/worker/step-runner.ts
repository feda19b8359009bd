/**
 * The step-by-step mode's request: one forward pass and every stage of the sampling pipeline.
 * (Being built; see issue "Teaching modes".)
 */
import { WorkerError } from './errors.ts';
import type { ModeContext } from './handler.ts';
import type { StepRequest } from './protocol.ts';

export async function runStep(ctx: ModeContext, request: StepRequest): Promise<void> {
  ctx.fail(request.requestId, new WorkerError('invalid_request', 'The step-by-step mode is not available yet.'));
}
