/**
 * Whether a model's weights are likely to fit in this device's memory, asked before the download
 * so a person on a small device hears "this may not fit" at once rather than after minutes of
 * downloading and a crash. The browser says little: `navigator.deviceMemory` (Chromium only) is
 * the device's RAM in GB, rounded down to a power of two and capped at 8, and a tab gets only part
 * of it. So the rule is deliberately coarse, and only a warning: the person may load anyway.
 *
 * The estimate: a load holds the weights about twice (the downloaded file, then ONNX Runtime's
 * copy of it), and a page can count on about half of the device's memory.
 */

/** How many times the file's size a load holds at its peak. */
export const LOAD_MEMORY_FACTOR = 2;
/** The share of the device's memory one page can count on. */
export const PAGE_MEMORY_SHARE = 0.5;

export type MemoryFit =
  /** Fits, or nothing is known to say otherwise (no size, no `deviceMemory`). */
  | { readonly fits: true }
  /** May not fit: the load needs about `needBytes`; the device has `deviceBytes` in all. */
  | { readonly fits: false; readonly weightBytes: number; readonly needBytes: number; readonly deviceBytes: number };

/**
 * `weightBytes`: the chosen dtype's file size (catalog.ts), null when unknown (an id typed by hand).
 * `deviceMemoryGb`: `navigator.deviceMemory`, undefined where the browser does not say.
 */
export function memoryFit(weightBytes: number | null, deviceMemoryGb: number | undefined): MemoryFit {
  if (weightBytes === null || deviceMemoryGb === undefined || !Number.isFinite(deviceMemoryGb) || deviceMemoryGb <= 0) return { fits: true };
  const deviceBytes = deviceMemoryGb * 1e9;
  const needBytes = weightBytes * LOAD_MEMORY_FACTOR;
  return needBytes > deviceBytes * PAGE_MEMORY_SHARE ? { fits: false, weightBytes, needBytes, deviceBytes } : { fits: true };
}
