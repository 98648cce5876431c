// The three ways to run `lizheng engine` — whole city, one partition, the decider — behind one call,
// including `--reset`, which forgets a role's consumers and checkpoints, and the leases that keep each role
// to one process.
import type { Profile } from '../profile/city-profile.ts';
import { removeConsumer } from './consumer-feed.ts';
import { DECIDER_SPEC, DeciderService } from './decider-service.ts';
import { CHECKPOINT_KEYS } from './nats-names.ts';
import { PartitionCounter, districtSpec } from './partition-counter.ts';
import { ownedDistricts, type PartitionPlan } from './partition-plan.ts';
import type { PipelineRuntime } from './pipeline-runtime.ts';
import { RoleLeases, type LeaseOptions } from './role-lease.ts';
import type { PipelineService } from './pipeline-service.ts';
import { unitCodes, type EngineRunOptions } from './service-lifecycle.ts';
import { WHOLE_CITY_SPEC, WholeCityEngine } from './whole-city-engine.ts';

export type Role =
  | { readonly kind: 'whole' }
  | { readonly kind: 'partition'; readonly plan: PartitionPlan }
  | { readonly kind: 'decider' };

/** Build the service for `role` on its checkpoint, and start it. */
export async function startRole(rt: PipelineRuntime, role: Role, options: EngineRunOptions): Promise<PipelineService> {
  const service =
    role.kind === 'whole'
      ? await WholeCityEngine.open(rt, options)
      : role.kind === 'partition'
        ? await PartitionCounter.open(rt, options, role.plan)
        : await DeciderService.open(rt, options);
  await service.start();
  return service;
}

/** The checkpoint keys `role` owns, which are also its lease keys: one per consumer it reads. */
export function roleKeys(role: Role, profile: Profile): string[] {
  if (role.kind === 'whole') return [CHECKPOINT_KEYS.whole];
  if (role.kind === 'decider') return [CHECKPOINT_KEYS.decider];
  return ownedDistricts(unitCodes(profile), role.plan).map((d) => CHECKPOINT_KEYS.district(d));
}

/** Take the leases of `role` (refusing, or waiting with `wait`, when another process holds one). */
export function acquireRoleLeases(
  rt: PipelineRuntime,
  role: Role,
  profile: Profile,
  options: Omit<LeaseOptions, 'log'>,
): Promise<RoleLeases> {
  return RoleLeases.acquire(rt.control.nc, roleKeys(role, profile), { ...options, log: rt.log });
}

/** Delete the durable consumers and checkpoints of `role`, so it starts from the beginning of its stream. */
export async function resetRole(rt: PipelineRuntime, role: Role, profile: Profile): Promise<void> {
  if (role.kind === 'whole') {
    await removeConsumer(rt.nats.jsm, WHOLE_CITY_SPEC);
    await rt.checkpoints.remove(CHECKPOINT_KEYS.whole);
  } else if (role.kind === 'decider') {
    await removeConsumer(rt.nats.jsm, DECIDER_SPEC);
    await rt.checkpoints.remove(CHECKPOINT_KEYS.decider);
  } else {
    for (const district of ownedDistricts(unitCodes(profile), role.plan)) {
      await removeConsumer(rt.nats.jsm, districtSpec(district));
      await rt.checkpoints.remove(CHECKPOINT_KEYS.district(district));
    }
  }
  const what = role.kind === 'partition' ? `partition ${role.plan.index}/${role.plan.count}` : role.kind;
  rt.log.info({ role: what }, `engine: reset ${what}`);
}
