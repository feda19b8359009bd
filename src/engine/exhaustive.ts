/**
 * For the `default:` of every switch over a union (worker messages, request kinds, codes): a new
 * member that is not handled is a compile error, and a value from outside the types throws.
 */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
