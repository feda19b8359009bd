/**
 * Why a sampling step refused to pick a token. Each code maps to a message a person can act on;
 * the worker forwards `{ name, code, message }` as is.
 */
export type SamplingErrorCode =
  | 'nan_logits'
  | 'infinite_logits'
  | 'no_candidates'
  | 'invalid_settings'
  | 'invalid_context';

/** A sampling step that cannot produce a meaningful token, with a machine-readable `code`. */
export class SamplingError extends Error {
  override readonly name = 'SamplingError';

  constructor(
    readonly code: SamplingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Messages for the codes whose wording does not depend on the call. */
export const SAMPLING_ERROR_MESSAGES = {
  nan_logits:
    'The model produced NaN logits — the weights or this dtype are broken on this backend; try fp32 or another backend.',
  infinite_logits:
    'The model produced +Infinity logits (an overflow) — this dtype is too narrow on this backend; try fp32 or another backend.',
  no_candidates:
    'No token is left to choose: every logit is -Infinity or every token was banned. Lower the no-repeat n-gram size or change the prompt.',
} as const satisfies Partial<Record<SamplingErrorCode, string>>;
