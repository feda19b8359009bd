/**
 * Errors of the checkpoint converter, each with a message a person can act on. The converter runs in
 * Node (the CLI) and in a Web Worker, so it knows nothing of files or exit codes: callers branch on
 * `code` and show `message`.
 */

export type ConvertErrorCode =
  /** config.json names a model that is not GPT-2 or GPT-Neo, or a variant whose maths we do not build. */
  | 'unsupported-model'
  /** No weight file, or a shard the index names is missing. */
  | 'missing-weights'
  /** A weight file is cut short or its header does not make sense. */
  | 'damaged-file'
  /** A pickle asks for something other than tensors: it could run code, so it is refused. */
  | 'unsafe-pickle'
  /** A tensor the model needs is absent, has the wrong shape, or an element type we do not read. */
  | 'bad-tensor'
  /** Neither tokenizer.json nor vocab.json + merges.txt. */
  | 'missing-tokenizer'
  /** The output could not be written (disk full, permissions). */
  | 'write-failed';

export class ConvertError extends Error {
  override readonly name = 'ConvertError';
  constructor(
    readonly code: ConvertErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A file that ends before a structure it announces: the download was cut short or the file is damaged. */
export function truncatedError(file: string, needed: number, size: number): ConvertError {
  return new ConvertError(
    'damaged-file',
    `${file} is ${size} bytes long, but its contents need ${needed}: the file is truncated or damaged. Download it again.`,
  );
}
