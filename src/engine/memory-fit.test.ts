import { describe, expect, it } from 'vitest';
import { memoryFit } from './memory-fit.ts';

describe('memoryFit', () => {
  // GPT-2 small in fp32 is about 496 MB: a load needs ~992 MB, half of 0.5 GB is 250 MB.
  it('flags GPT-2 fp32 on a 0.5 GB device, with the numbers the page shows', () => {
    expect(memoryFit(496e6, 0.5)).toEqual({ fits: false, weightBytes: 496e6, needBytes: 992e6, deviceBytes: 0.5e9 });
  });

  it('lets smaller dtypes and larger devices through', () => {
    expect(memoryFit(120e6, 0.5)).toEqual({ fits: true }); // q4: 240 MB ≤ 250 MB
    expect(memoryFit(126e6, 0.5).fits).toBe(false); // 252 MB > 250 MB
    expect(memoryFit(496e6, 2)).toEqual({ fits: true }); // 992 MB ≤ 1 GB
    expect(memoryFit(496e6, 8)).toEqual({ fits: true });
  });

  it('says nothing when the size or the memory is unknown', () => {
    expect(memoryFit(null, 0.25)).toEqual({ fits: true });
    expect(memoryFit(496e6, undefined)).toEqual({ fits: true });
    expect(memoryFit(496e6, Number.NaN)).toEqual({ fits: true });
    expect(memoryFit(496e6, 0)).toEqual({ fits: true });
  });
});
