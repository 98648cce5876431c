// The responsible units a city profile knows (each topic names one, 市交通运输局 …): what a dispatch may name, what
// the units view lists, and the unit suggested for an alert from its topic.
import type { Profile } from '../engine/profile/city-profile.ts';

/** Every unit of the profile with the topics it answers for, in the profile's order. */
export function responsibleUnits(profile: Profile): Map<string, string[]> {
  const units = new Map<string, string[]>();
  for (const t of profile.data.topics) units.set(t.unit, [...(units.get(t.unit) ?? []), t.code]);
  return units;
}

/** The unit the profile makes responsible for a topic, or null for a topic it does not know. */
export const suggestedUnit = (profile: Profile, topic: string | null): string | null =>
  topic === null ? null : (profile.topic(topic)?.unit ?? null);
