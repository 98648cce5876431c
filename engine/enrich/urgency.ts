// Scores how urgent one report is from the signal table; incidents add their growth rate.
import { GROWTH_BASE_PER_HOUR, MANY_PEOPLE, URGENCY_SIGNALS } from './urgency-table.ts';
import { CodeSet } from './code-set.ts';
import { PhraseMatcher, type PhraseHit } from './phrase-matcher.ts';

export interface Urgency {
  readonly score: number;
  /** Signal names in table order, e.g. ['trapped', 'elderly']; many_people:200 carries its count. */
  readonly signals: string[];
}

/** Each word's value is its signal's place in the table, so the signals found fit in one int's bits. */
export const urgencyWords = new PhraseMatcher(
  URGENCY_SIGNALS.flatMap((s, i) => s.words.map((text) => ({ text, value: i }))),
);
const order = new Map(URGENCY_SIGNALS.map((s, i) => [s.signal, i]));
if (URGENCY_SIGNALS.length > 31)
  throw new Error('urgency-table: more than 31 signals do not fit in the bits of an int');
/** Words for a crowd without a count (大量居民, 很多人): count as MANY_PEOPLE.minimum. */
export const crowdWords = new PhraseMatcher(MANY_PEOPLE.words.map((text) => ({ text, value: true })));
const countEnds = new CodeSet(MANY_PEOPLE.countEnds);
const measures = new CodeSet(MANY_PEOPLE.measures);
const measuresBeforePeople = new CodeSet(MANY_PEOPLE.measuresBeforePeople);
const peopleStarts = new CodeSet(MANY_PEOPLE.peopleStarts);

/**
 * The urgency of one report's text. `words`, `crowd`: the scans of urgencyWords and crowdWords, when a TextScan
 * already made them.
 */
export function scoreUrgency(
  text: string,
  words: readonly PhraseHit<number>[] = urgencyWords.scan(text),
  crowd: readonly PhraseHit<boolean>[] = crowdWords.scan(text),
): Urgency {
  let named = 0;
  for (const hit of words) named |= 1 << hit.value;
  let score = 0;
  const signals: string[] = [];
  for (let i = 0; named >>> i !== 0; i++) {
    if ((named & (1 << i)) === 0) continue;
    score += URGENCY_SIGNALS[i].weight;
    signals.push(URGENCY_SIGNALS[i].signal);
  }
  const people = peopleCount(text, crowd.length > 0);
  if (people >= MANY_PEOPLE.minimum) {
    score += Math.floor(Math.log10(people));
    signals.push(`${MANY_PEOPLE.signal}:${people}`);
  }
  return { score, signals };
}

/**
 * The urgency of an incident: the signals its reports share (named by at least a quarter of them, so one
 * exaggerating caller does not set the tone), plus one point per doubling of callers/hour above the base rate.
 */
export function incidentUrgency(reports: readonly Urgency[], callersPerHour: number): Urgency {
  const counts = new Map<string, number>();
  for (const r of reports) for (const s of r.signals) counts.set(s, (counts.get(s) ?? 0) + 1);
  const quorum = Math.max(1, Math.ceil(reports.length / 4));
  const signals = [...counts]
    .filter(([, n]) => n >= quorum)
    .map(([s]) => s)
    .sort();
  let score = signals.reduce((sum, s) => sum + signalWeight(s), 0);
  if (callersPerHour > GROWTH_BASE_PER_HOUR) {
    const points = Math.floor(Math.log2(callersPerHour / GROWTH_BASE_PER_HOUR)) + 1;
    score += points;
    signals.push(`growth:${Math.round(callersPerHour)}/h`);
  }
  return { score, signals };
}

function signalWeight(signal: string): number {
  const [name, count] = signal.split(':');
  if (name === MANY_PEOPLE.signal) return Math.floor(Math.log10(Number(count)));
  return URGENCY_SIGNALS[order.get(name) ?? -1]?.weight ?? 0;
}

/** The largest head count a text mentions ("200余名员工" → 200), or 0; a vague crowd (`crowded`) counts as 10. */
function peopleCount(text: string, crowded: boolean): number {
  let max = crowded ? MANY_PEOPLE.minimum : 0;
  if (!mayCountPeople(text)) return max;
  const pattern = MANY_PEOPLE.pattern;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) max = Math.max(max, countValue(m[1]));
  return max;
}

/** Whether a measure word follows a count's last character or a space somewhere: else the pattern cannot match. */
function mayCountPeople(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const measure =
      measures.has(c) ||
      (measuresBeforePeople.has(c) && i + 1 < text.length && peopleStarts.has(text.charCodeAt(i + 1)));
    if (measure && (countEnds.has(text.charCodeAt(i - 1)) || /\s/.test(text[i - 1]))) return true;
  }
  return false;
}

function countValue(s: string): number {
  if (/^[0-9]+$/.test(s)) return Number(s);
  if (/^几/.test(s)) return s.includes('百') ? 100 : s.includes('十') ? 10 : 0;
  const digit = (c: string) => '零一二三四五六七八九'.indexOf(c === '两' ? '二' : c);
  let total = 0;
  let current = 0;
  for (const c of s) {
    const unit = { 十: 10, 百: 100, 千: 1000 }[c];
    if (unit) {
      total += (current || 1) * unit;
      current = 0;
    } else current = Math.max(0, digit(c));
  }
  return total + current;
}
