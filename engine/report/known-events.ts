// Known events (a policy announcement, a storm, a holiday) read from an events file, so the morning report can
// show beside its charts what citizens were reacting to. A bad entry is named by line and field, never guessed.
import { readFileSync } from 'node:fs';
import { isCalendarDate } from '../generate/feed-calendar.ts';
import { UsageError } from '../errors.ts';
import type { Profile } from '../profile/city-profile.ts';

/** What an event's scope may name: the city, or one of the profile's district or topic codes. */
export function eventScopes(profile: Profile): Set<string> {
  return new Set(['city', ...profile.data.districts.map((d) => d.code), ...profile.data.topics.map((t) => t.code)]);
}

export interface KnownEventEntry {
  /** Local day, YYYY-MM-DD. */
  readonly date: string;
  readonly title: string;
  /** 'city', a district code or a topic code. */
  readonly scope: string;
}

/**
 * Parse an events file: a JSON array of {date, title, scope?}, or NDJSON with one such object per line. `scope`
 * defaults to 'city' and must be 'city' or one of `codes` (the profile's district and topic codes).
 */
export function parseKnownEvents(text: string, codes: ReadonlySet<string>, name = 'events file'): KnownEventEntry[] {
  const trimmed = text.trim();
  const items: Array<{ line: number; value: unknown }> = [];
  if (trimmed.startsWith('[')) {
    let all: unknown;
    try {
      all = JSON.parse(trimmed);
    } catch (err) {
      throw new UsageError(`${name}: not JSON: ${(err as Error).message}`);
    }
    for (const [i, value] of (all as unknown[]).entries()) items.push({ line: i + 1, value });
  } else {
    for (const [i, line] of trimmed.split('\n').entries()) {
      if (line.trim() === '') continue;
      try {
        items.push({ line: i + 1, value: JSON.parse(line) });
      } catch (err) {
        throw new UsageError(`${name} line ${i + 1}: not JSON: ${(err as Error).message}`);
      }
    }
  }
  const where = (line: number) => (trimmed.startsWith('[') ? `${name} entry ${line}` : `${name} line ${line}`);
  return items.map(({ line, value }) => {
    const v = value as Record<string, unknown> | null;
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new UsageError(`${where(line)}: expected an object {date, title, scope}`);
    if (typeof v.date !== 'string' || !isCalendarDate(v.date))
      throw new UsageError(`${where(line)}: date: expected YYYY-MM-DD, got ${JSON.stringify(v.date)}`);
    if (typeof v.title !== 'string' || v.title.trim() === '' || v.title.length > 200)
      throw new UsageError(`${where(line)}: title: expected 1–200 characters, got ${JSON.stringify(v.title)}`);
    const scope = v.scope ?? 'city';
    if (typeof scope !== 'string' || (scope !== 'city' && !codes.has(scope)))
      throw new UsageError(
        `${where(line)}: scope: expected "city", a district code or a topic code of the profile, got ` +
          JSON.stringify(scope),
      );
    return { date: v.date, title: v.title.trim(), scope };
  });
}

/** Read and parse an events file (see parseKnownEvents). */
export function readKnownEvents(path: string, codes: ReadonlySet<string>): KnownEventEntry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--events: cannot read ${path}: ${(err as Error).message}`);
  }
  return parseKnownEvents(text, codes, path);
}
