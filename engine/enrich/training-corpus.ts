// The classifier's training corpus: hand-written template phrases expanded with a seeded generator, plus
// hand-written sentences. Kept apart from evaluation/eval-set.tsv, which no template produces.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import type { Profile } from '../profile/city-profile.ts';
import { InputError } from '../errors.ts';

export interface LabelledText {
  readonly topic: string;
  readonly text: string;
  /**
   * A city's label that covers several topics (城乡建设 → housing, property, utilities, sanitation): any of these is
   * right, `topic` is the first. Absent: `topic` alone.
   */
  readonly anyOf?: readonly string[];
  /** The city's own label, as written in its file (absent for the shipped corpus). */
  readonly label?: string;
}

interface Templates {
  frames: string[];
  openers: string[];
  tails: string[];
  names: string[];
  where: Record<string, string[]>;
  topics: Record<string, { where: string[]; problems: string[]; objects: string[]; issues: string[] }>;
}

const here = (file: string) => fileURLToPath(new URL(`./training/${file}`, import.meta.url));
export const TEMPLATES_PATH = here('templates.json');
export const HANDWRITTEN_PATH = here('handwritten.tsv');
/** Hand-written sentences first used to choose hyperparameters and the threshold, then trained on too. */
export const DEV_SET_PATH = here('dev-set.tsv');
const COMPOSED_SHARE = 0.4;

/** Read a TSV file with a header line into objects keyed by the header's column names. */
export function readTsv(path: string): Array<Record<string, string>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot read ${path}`, { cause });
  }
  const [header, ...lines] = text.split('\n').filter((l) => l.trim() !== '');
  const columns = header.split('\t');
  return lines.map((line, i) => {
    const cells = line.split('\t');
    if (cells.length < 2) throw new InputError(`${path}:${i + 2}: expected tab-separated ${columns.join(', ')}`);
    return Object.fromEntries(columns.map((c, j) => [c, cells[j] ?? '']));
  });
}

/** Expand the templates: `perTopic` sentences per topic, the same ones for the same seed. */
export function templatedCorpus(profile: Profile, perTopic: number, seed: string): LabelledText[] {
  const t = JSON.parse(readFileSync(TEMPLATES_PATH, 'utf8')) as Templates;
  const rng = seedrandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)];
  const districtWords = profile.data.districts.flatMap((d) => [
    d.name,
    d.name,
    ...d.aliases,
    ...(d.landmarks ?? []).slice(0, 4),
  ]);
  /** A whole problem phrase, or an object with an issue (公交站台 + 设置不合理) for combinations no phrase has. */
  const problemOf = (w: Templates['topics'][string]) =>
    rng() < COMPOSED_SHARE ? pick(w.objects) + pick(w.issues) : pick(w.problems);
  const out: LabelledText[] = [];
  for (const topic of profile.topicCodes) {
    const words = t.topics[topic];
    if (!words) continue;
    for (let i = 0; i < perTopic; i++) {
      const place = pick(t.where[pick(words.where)] ?? ['']);
      const problem = problemOf(words);
      const slots: Record<string, string> = {
        opener: pick(t.openers),
        tail: pick(t.tails),
        where: place.replace('{name}', pick(t.names)).replace('{num}', String(1 + Math.floor(rng() * 12))),
        district: rng() < 0.5 ? pick(districtWords) : '',
        problem,
        problem2: problemOf(words),
      };
      out.push({ topic, text: pick(t.frames).replace(/\{(\w+)\}/g, (_, s: string) => slots[s] ?? '') });
    }
  }
  return out;
}

/** Hand-written training sentences: by default handwritten.tsv and the development set. */
export function handwrittenCorpus(paths: readonly string[] = [HANDWRITTEN_PATH, DEV_SET_PATH]): LabelledText[] {
  return paths.flatMap((path) => readTsv(path).map((r) => ({ topic: r.topic, text: r.text })));
}
