/**
 * The quantization lab's request: each dtype loaded and measured against fp32.
 * (Being built; see issue "Teaching modes".)
 */
import { WorkerError } from './errors.ts';
import type { ModeContext } from './handler.ts';
import type { LabRequest } from './protocol.ts';

export async function runLab(ctx: ModeContext, request: LabRequest): Promise<void> {
  ctx.fail(request.requestId, new WorkerError('invalid_request', 'The quantization lab is not available yet.'));
}
