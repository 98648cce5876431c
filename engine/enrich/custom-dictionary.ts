// The words jieba must keep whole for this profile: district names, aliases, landmarks, gazetteer places, neutral names,
// place suffixes and topic keywords. Training and enrichment both segment with it, so features agree.
import type { Profile } from '../profile/city-profile.ts';
import { Gazetteer } from './gazetteer.ts';
import { PLACE_SUFFIXES } from './place-suffixes.ts';
import { TOPIC_LEXICON } from './topic-lexicon.ts';

/** Custom words for a profile, without duplicates, in a stable order. */
export function customWords(profile: Profile): string[] {
  const words = new Set<string>(Gazetteer.words(profile));
  for (const suffix of PLACE_SUFFIXES.keys()) if (suffix.length > 1) words.add(suffix);
  for (const t of profile.data.topics) {
    words.add(t.name);
    for (const w of TOPIC_LEXICON[t.code] ?? []) if (w.length > 1) words.add(w);
  }
  return [...words];
}
