import { describe, expect, it } from 'vitest';
import { tuneOptions } from '../engine/decide/tune-options.ts';
import { UsageError } from '../engine/errors.ts';

describe('detect --set key=value', () => {
  it('sets top-level and dotted options, numbers and arrays read as JSON', () => {
    const o = tuneOptions(['fdr=0.02', 'slowRise.maxP=1e-4', 'windows=[15,60,240]']);
    expect(o.fdr).toBe(0.02);
    expect(o.slowRise?.maxP).toBe(1e-4);
    expect(o.windows).toEqual([15, 60, 240]);
  });

  it('names the key that is unknown or of the wrong type', () => {
    expect(() => tuneOptions(['fdrr=0.02'])).toThrow(/unknown option fdrr/);
    expect(() => tuneOptions(['fdr=low'])).toThrow(/--set fdr: expected number/);
    expect(() => tuneOptions(['fdr'])).toThrow(UsageError);
  });

  it('rejects windows that do not increase or whose longest is under an hour', () => {
    expect(() => tuneOptions(['windows=[60,30]'])).toThrow(/increasing whole minutes/);
    expect(() => tuneOptions(['windows=[30,45]'])).toThrow(/at least 60 minutes/);
  });
});
