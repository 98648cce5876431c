// A city's own labelled letters, in whatever format it keeps them, read as the profile's topics (directly or mapped).
import { readFileSync } from 'node:fs';
import type { Profile } from '../profile/city-profile.ts';
import { InputError } from '../errors.ts';
import type { LabelledText } from './training-corpus.ts';

/** City label → topic codes of the profile it covers (any of them is right), or null to leave such messages out. */
export type LabelMap = Readonly<Record<string, readonly string[] | null>>;

export interface LabelledFile {
  readonly texts: LabelledText[];
  /** How the file was read, for the user: "NDJSON {text, label}", "TSV text, label (no header)"… */
  readonly format: string;
  /** Messages whose label the map sends to null. */
  readonly dropped: number;
}

/**
 * Read a map file: a JSON object of city label → topic code or name, a list of them (the city's label merges several
 * of ours), or null; the object itself or under `labels` (beside a `$comment` and notes). Keys starting with $ are
 * comments.
 */
export function readLabelMap(path: string, profile: Profile): LabelMap {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new InputError(`cannot read label map ${path} (a JSON object of city label → topic code or null)`, {
      cause,
    });
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const entries = isObject(json) && isObject(json.labels) ? json.labels : json;
  if (!isObject(entries)) throw new InputError(`${path}: expected a JSON object of city label → topic code or null`);
  const map: Record<string, readonly string[] | null> = {};
  for (const [label, value] of Object.entries(entries)) {
    if (label.startsWith('$')) continue;
    const list = value === null ? null : Array.isArray(value) ? value : [value];
    if (list?.length === 0 || list?.some((t) => typeof t !== 'string' || profile.topic(t) === undefined))
      throw new InputError(
        `${path}: "${label}" maps to ${JSON.stringify(value)}: not a topic of the profile ` +
          `(${profile.topicCodes.join(', ')}), a list of them, nor null`,
      );
    map[label] = list === null ? null : list.map((t) => profile.topic(t as string)!.code);
  }
  return map;
}

/** Read the labelled file and resolve every label to a topic code; unknown labels are an error naming them. */
export function readLabelledFile(path: string, profile: Profile, map: LabelMap | null = null): LabelledFile {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new InputError(`cannot read labelled messages ${path}`, { cause });
  }
  const { rows, format } = parseLabelled(content.replace(/^\uFEFF/, ''), path);
  const texts: LabelledText[] = [];
  const unknown = new Map<string, number>();
  let dropped = 0;
  for (const { text, label } of rows) {
    const own = profile.topic(label)?.code;
    const mapped = map && Object.hasOwn(map, label) ? map[label] : own === undefined ? undefined : [own];
    if (mapped === null) dropped += 1;
    else if (mapped === undefined) unknown.set(label, (unknown.get(label) ?? 0) + 1);
    else texts.push({ topic: mapped[0], text, label, ...(mapped.length > 1 ? { anyOf: mapped } : {}) });
  }
  if (unknown.size > 0) {
    const list = [...unknown].map(([l, n]) => `"${l}" (${n})`).join(', ');
    throw new InputError(
      `${path}: labels that are not topics of the profile${map ? ' nor in the map' : ''}: ${list}; ` +
        'map them with --map FILE (JSON: city label → topic code, null to drop)',
    );
  }
  return { texts, format, dropped };
}

/** Rows of an NDJSON or TSV labelled file, and the format it was read as. */
export function parseLabelled(
  content: string,
  path: string,
): { rows: Array<{ text: string; label: string }>; format: string } {
  const lines = content.split(/\r?\n/).map((line, i) => ({ line, number: i + 1 }));
  const filled = lines.filter((l) => l.line.trim() !== '');
  if (filled.length === 0) throw new InputError(`${path}: no labelled messages`);
  if (filled[0].line.trimStart().startsWith('{'))
    return { rows: filled.map((l) => ndjsonRow(l, path)), format: 'NDJSON {text, label}' };
  const head = filled[0].line.split('\t').map((c) => c.trim().toLowerCase());
  const textAt = head.indexOf('text');
  const labelAt = head.indexOf('label');
  if (textAt >= 0 && labelAt >= 0) {
    const rows = filled.slice(1).map(({ line, number }) => {
      const cells = line.split('\t');
      if (cells.length !== head.length)
        throw new InputError(`${path}:${number}: expected ${head.length} tab-separated cells (${head.join(', ')})`);
      return { text: cells[textAt].trim(), label: cells[labelAt].trim() };
    });
    return { rows, format: `TSV with header ${head.join(', ')}` };
  }
  const rows = filled.map(({ line, number }) => {
    const cells = line.split('\t');
    if (cells.length !== 2)
      throw new InputError(
        `${path}:${number}: expected text<TAB>label, or a header line naming the columns text and label`,
      );
    return { text: cells[0].trim(), label: cells[1].trim() };
  });
  return { rows, format: 'TSV text, label (no header)' };
}

function ndjsonRow({ line, number }: { line: string; number: number }, path: string): { text: string; label: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new InputError(`${path}:${number}: not JSON (the file's first line is, so every line must be)`);
  }
  const { text, label } = (value ?? {}) as { text?: unknown; label?: unknown };
  if (typeof text !== 'string' || typeof label !== 'string')
    throw new InputError(`${path}:${number}: expected {"text": "…", "label": "…"}`);
  return { text, label };
}
