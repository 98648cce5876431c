// Which flat a citizen lives in identifies their household; the building, the estate and the road do not and make
// the report actionable. So after …栋/幢/号楼/座 only the unit, floor and room are found; a bare unit, a
// building-unit-room triple such as 16-1-1702 and a flat number that reads as one (楼上1202, 3楼301) are found whole.
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
/** A floor and a room on it (3楼301): the room number must start with the floor's, which a floor and a count do not. */
const FLOOR_ROOM = '(?<floor>[0-9]{1,2})[楼层][ -]?(?<floorsRoom>[0-9]{3,4})[室号户]?(?![0-9])';
/**
 * Words after which a bare number is a flat (楼上1202, 我住1102, 我家是1602, 楼下1401装修), and what may not follow
 * the number if it is one (an amount, a count, a date, a road, a line).
 */
const NEIGHBOUR_CUE = '(?:楼上|楼下|隔壁|对门|对面|住在|住|家是|家在)(?:的|是|在)?';
const CUED_ROOM = `${NEIGHBOUR_CUE}(?<cuedRoom>[0-9]{3,4}[室号户]?)(?![0-9.万元块米平个人年月日次号路线栋幢座楼层单%])`;
/** A room number with 室 and nothing before it (，1905室). */
const ROOM_ALONE = '(?<roomAlone>[0-9]{3,4}室)';
/** A triple's room: three digits or more, or a 号/室 after it (1-2-3 is a score, 1-2-301 a flat). */
const TRIPLE_ROOM = /(?:\d{3}|[号室])$/;
/** Room numbers as flats are numbered: floor 1 to 99, then the flat on it, 01 to 19. */
const FLAT_NUMBER = /^[1-9][0-9]?(?:0[1-9]|1[0-9])(?![0-9])/;

/**
 * Alternatives, tried in this order at each position: a building (kept) and the door after it, a unit and what
 * follows it, a triple, a floor with its room, a cued flat number, a room with 室. None ends in a digit followed by
 * a Latin letter (602wxid_… is a code, and redacting its digits would leave the rest to be read anew). Each part has a bounded
 * length, so a match attempt costs the same at any position.
 */
const DOOR = new RegExp(
  `(?:(?<![0-9A-Za-z十])(?:${BUILDING}(?<afterBuilding>${AFTER_BUILDING})|(?<unit>${UNIT_DOOR}))` +
    `|(?<![0-9A-Za-z-])(?<triple>${TRIPLE})` +
    `|(?<![0-9A-Za-z十])(?<floorRoom>${FLOOR_ROOM})` +
    `|${CUED_ROOM}` +
    `|(?<![0-9A-Za-z十-])${ROOM_ALONE})(?:(?<![0-9])|(?![A-Za-z_]))`,
  'g',
);

/** The door part of a match (always its end), or undefined when the match fails its alternative's check. */
function doorOf(groups: Record<string, string | undefined>): string | undefined {
  if (groups.afterBuilding !== undefined) return groups.afterBuilding;
  if (groups.unit !== undefined) return groups.unit;
  if (groups.triple !== undefined) return TRIPLE_ROOM.test(groups.triple) ? groups.triple : undefined;
  if (groups.floorRoom !== undefined) {
    const { floor = '', floorsRoom = '' } = groups;
    return floorsRoom.startsWith(floor) && floorsRoom.length === floor.length + 2 ? groups.floorRoom : undefined;
  }
  const room = groups.cuedRoom ?? groups.roomAlone ?? '';
  return FLAT_NUMBER.test(room) ? room : undefined;
}

/**
 * Door-level address parts in detector-form text (digits written in Chinese already folded), as 'door' spans:
 * the unit, floor and room after a building (5栋2单元301室 → 2单元301室), a unit with its floor and room
 * (2单元3楼301), hyphenated building-unit-room (16-1-1702号; the last part has three digits or a 号/室), a floor
 * with a room on it (3楼301), a flat number after 楼上/楼下/隔壁/住/家是 (楼上1202), and a flat number with 室.
 * Estates, roads with their numbers (人民南路3段18号), floors alone and floors of public buildings (门诊楼2楼)
 * are left alone.
 *
 * @example
 * findDoors('锦城花园5栋2单元301室漏水'); // => [{ kind: 'door', start: 6, end: 13 }]
 * findDoors('16-1-1702号 和 3栋楼下'); // => [{ kind: 'door', start: 0, end: 10 }]
 * findDoors('楼上1202天天跳绳，我家住5楼'); // => [{ kind: 'door', start: 2, end: 6 }]
 * findDoors('人民南路3段18号 门诊楼2楼'); // => []
 */
export function findDoors(text: string): RedactedSpan[] {
  const spans: RedactedSpan[] = [];
  for (const m of text.matchAll(DOOR)) {
    const door = doorOf(m.groups ?? {});
    if (door === undefined) continue;
    // Every door part ends its match; a separator after the building stays with the building.
    const end = m.index + m[0].length;
    const start = end - door.length;
    spans.push({ kind: 'door', start: text[start] === ' ' || text[start] === '-' ? start + 1 : start, end });
  }
  return spans;
}
