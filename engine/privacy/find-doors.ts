// Which flat a citizen lives in identifies their household; the building, the estate and the road do not and make
// the report actionable. So after …栋/幢/号楼/座 only the unit, floor and room are found, and a bare unit or a
// building-unit-room triple such as 16-1-1702 is found whole.
import type { RedactedSpan } from './redact-text.ts';

/** A number in a door address; 十 appears in numbers written in Chinese (二十三栋 reads 2十3栋 in detector form). */
const N = '[0-9十]';
const BUILDING = `(?:${N}{1,4}|[A-Za-z])(?:号楼|栋|幢|座)`;
const UNIT = `${N}{1,3}单元`;
/** A floor, unless the 楼/层 is the start of another word: 3楼下, 3层楼 (a three-storey building), 3楼道. */
const FLOOR = `${N}{1,3}[楼层](?![上下道梯顶面楼高])`;
const ROOM = `[0-9]{1,5}[室号户]`;
/** A room number without 室/号: at least three digits, not the start of another address part. */
const BARE_ROOM = `[0-9]{3,5}(?![0-9号楼栋幢座层单室户])`;
const SEP = '[ -]?';
const ROOM_PART = `(?:${SEP}(?:${ROOM}|${BARE_ROOM}))?`;
const AFTER_BUILDING = `${SEP}(?:${UNIT}(?:${SEP}${FLOOR})?${ROOM_PART}|${FLOOR}${ROOM_PART}|${ROOM}|${BARE_ROOM})`;
const UNIT_DOOR = `${UNIT}(?:${SEP}${FLOOR})?${ROOM_PART}`;
/** Building-unit-room with hyphens (16-1-1702号, 1-2-301); not a date, not a phone number's groups. */
const TRIPLE = '[0-9]{1,3}-[0-9]{1,2}-[0-9]{1,4}[号室]?(?![0-9-])';

/**
 * Group 1: a building (kept); group 2: the door after it; group 3: a unit and what follows it; group 4: a triple.
 * Each part has a bounded length, so a match attempt costs the same at any position.
 */
const DOOR = new RegExp(
  `(?<![0-9A-Za-z十])(?:(${BUILDING})(${AFTER_BUILDING})|(${UNIT_DOOR}))|(?<![0-9-])(${TRIPLE})`,
  'g',
);

/**
 * Door-level address parts in detector-form text (digits written in Chinese already folded), as 'door' spans:
 * the unit, floor and room after a building (5栋2单元301室 → 2单元301室), a unit with its floor and room
 * (2单元3楼301), and hyphenated building-unit-room (16-1-1702号; the last part has three digits or a 号/室).
 * Estates, roads with their numbers (人民南路3段18号) and floors of public buildings (门诊楼2楼) are left alone.
 *
 * @example
 * findDoors('锦城花园5栋2单元301室漏水'); // => [{ kind: 'door', start: 6, end: 13 }]
 * findDoors('16-1-1702号 和 3栋楼下'); // => [{ kind: 'door', start: 0, end: 10 }]
 * findDoors('人民南路3段18号 门诊楼2楼'); // => []
 */
export function findDoors(text: string): RedactedSpan[] {
  const spans: RedactedSpan[] = [];
  for (const m of text.matchAll(DOOR)) {
    if (m[4] !== undefined && !/(?:\d{3}|[号室])$/.test(m[4])) continue;
    const door = m[2] ?? m[3] ?? m[4];
    const end = m.index + m[0].length;
    const start = end - door.length;
    spans.push({ kind: 'door', start: text[start] === ' ' || text[start] === '-' ? start + 1 : start, end });
  }
  return spans;
}
