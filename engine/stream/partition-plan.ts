// Which districts a partition owns: `--partition k/N` takes the districts whose FNV-1a hash modulo N
// is k. Stable across restarts and machines, and it needs no coordination between partitions.
import { UsageError } from '../errors.ts';
import { fnv1a } from '../fnv1a.ts';

export interface PartitionPlan {
  readonly index: number;
  readonly count: number;
}

/** Parse `k/N` (0 ≤ k < N); a bad value is a UsageError naming the flag. */
export function parsePartition(text: string): PartitionPlan {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count)
    throw new UsageError(`--partition must be k/N with 0 ≤ k < N, e.g. 0/2 (got ${JSON.stringify(text)})`);
  return { index, count };
}

/** The districts (from `units`, in their order) that partition `plan` owns. */
export function ownedDistricts(units: readonly string[], plan: PartitionPlan): string[] {
  return units.filter((code) => fnv1a(code) % plan.count === plan.index);
}
