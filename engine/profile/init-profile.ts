// `lizheng profile init`: reads a history feed, settles each report's district and topic (field, label, or text with
// the base profile's names) and writes the base profile with the figures learned from it.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { createEnricher } from '../enrich/enricher.ts';
import { readLabelMap } from '../enrich/topic-labels.ts';
import { InputError, ReportError } from '../errors.ts';
import { normalizeReport, HourMemo } from '../intake/normalize-report.ts';
import { openNdjson, type NdjsonInput } from '../intake/read-ndjson.ts';
import { UNKNOWN, type Report } from '../intake/report.ts';
import { CityClock } from '../time/event-time.ts';
import { builtInProfilePath, completeProfile, Profile } from './city-profile.ts';
import { ProfileLearner, type LearnedFigures } from './learn-profile.ts';

export interface InitOptions {
  /** History: intake reports as NDJSON (plain, gzip or `-`). */
  readonly feed: string;
  /**
   * What the city settled for its reports, matched by id, over the feed's own fields: NDJSON of {id, district?, topic?,
   * label?} or TSV with a header naming id and label (and district, topic); `label` is the city's own category.
   */
  readonly labels?: string;
  /** JSON: the city's label → topic code, a list of them, or null (train's --map); needs a base's topics. */
  readonly map?: string;
  /** Profile whose districts, topics and gazetteer are kept (built-in name or file); without one, the feed's values. */
  readonly base?: string;
  /** Where the profile will be written: a gazetteer path of the base is made relative to it. */
  readonly out: string;
  readonly city?: string;
  readonly code?: string;
  readonly timezone?: string;
  /** Called after each batch with the bytes read so far. */
  readonly onProgress?: (bytesRead: number, feed: NdjsonInput) => void;
  /** Called with each bad line's message (`line N: field: why`); the line is skipped. */
  readonly onBadLine?: (message: string) => void;
}

export interface InitResult {
  /** The profile as written: the base's JSON with the learned fields. */
  readonly profile: Record<string, unknown>;
  readonly figures: LearnedFigures;
  readonly badLines: number;
  /** Reports whose district (topic) came from the feed's field or a label, and from the text. */
  readonly districtFromField: number;
  readonly districtFromText: number;
  readonly topicFromField: number;
  readonly topicFromText: number;
}

interface RawNames {
  readonly district?: unknown;
  readonly topic?: unknown;
}

/** A label line: names settled as the feed's own fields would be, and the city's own category. */
interface Label extends RawNames {
  readonly label?: string;
}

const CODE = /^[a-z][a-z0-9_]*$/;
const BATCH = 1024;

export async function initProfile(options: InitOptions): Promise<InitResult> {
  const base = options.base === undefined ? null : readBase(options.base);
  const skeleton = base?.json ?? {
    city: options.city ?? '新城市',
    code: options.code ?? 'newcity',
    timezone: options.timezone ?? 'Asia/Shanghai',
    districts: [{ code: 'placeholder', name: 'placeholder' }],
    topics: [{ code: 'placeholder', name: 'placeholder' }],
  };
  const overrides = {
    ...(options.city === undefined ? {} : { city: options.city }),
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
  };
  const profile = new Profile(completeProfile({ ...skeleton, ...overrides }, options.base ?? 'init', base?.dir ?? '.'));
  const clock = new CityClock(profile.timezone);
  const enricher = base ? createEnricher(profile) : null;
  const labels = options.labels ? await readLabels(options.labels, options.onBadLine) : new Map<string, Label>();
  if (options.map && !base) throw new InputError("--map maps city labels onto a profile's topics: give --base too");
  const map = options.map ? readLabelMap(options.map, profile) : null;
  /** Topics a city label covers, for the reports that carry one: [] when the map leaves the label out. */
  const labelTopics = new WeakMap<Report, readonly string[]>();
  const unknownLabels = new Map<string, number>();
  const learner = new ProfileLearner(clock);
  const memo = new HourMemo();
  const tally = { bad: 0, districtFromField: 0, districtFromText: 0, topicFromField: 0, topicFromText: 0 };

  /** A feed value settled: the profile's code with a base, the value itself without (it will name a district). */
  const settle = (value: unknown, find: (k: string) => { code: string } | undefined): string | null => {
    if (typeof value !== 'string' || value.trim() === '' || value === UNKNOWN) return null;
    return base ? (find(value)?.code ?? null) : value.trim();
  };

  const feed = await openNdjson(options.feed);
  for await (const batch of feed.batches(BATCH)) {
    const reports: Report[] = [];
    for (const line of batch) {
      const report = line.error === undefined ? readReport(line.value, line.line) : line.error;
      if (typeof report === 'string') {
        tally.bad++;
        options.onBadLine?.(report);
      } else reports.push(report);
    }
    for (const r of reports) {
      if (r.district !== null) tally.districtFromField++;
      if (r.topic !== null) tally.topicFromField++;
    }
    enricher?.enrichAll(reports);
    for (const r of reports) {
      const e = r.enrichment;
      if (e && e.district.source !== 'field' && r.district !== null) tally.districtFromText++;
      const covered = labelTopics.get(r);
      // A topic the classifier was unsure of (review) is not counted: its share would be a guess about a guess.
      const guess = e?.topic.review ? null : r.topic;
      // A label covering several topics: the text decides among them, else the letter is split among them.
      const topic =
        covered === undefined ? guess : covered.length === 1 ? covered[0] : covered.includes(guess!) ? guess : covered;
      if (e && e.topic.source !== 'field' && guess !== null && topic === guess) tally.topicFromText++;
      learner.add({ t: r.t, channel: r.channel, district: r.district, topic });
    }
    options.onProgress?.(feed.bytesRead, feed);
  }

  /** One line as a report, its district and topic from a label or its fields; a string says why it is bad. */
  function readReport(value: unknown, line: number): Report | string {
    const fields = (typeof value === 'object' && value !== null ? value : {}) as RawNames & { id?: unknown };
    const { label: cityLabel, ...label } = (typeof fields.id === 'string' ? labels.get(fields.id) : undefined) ?? {};
    const { district, topic, ...rest } = { ...fields, ...label };
    try {
      const report = normalizeReport(rest, profile, clock, { localTimes: true, memo });
      report.district = settle(district, (k) => profile.district(k));
      report.topic = settle(topic, (k) => profile.topic(k));
      const covered = cityLabel === undefined ? undefined : topicsOfLabel(cityLabel);
      if (covered !== undefined) {
        labelTopics.set(report, covered);
        report.topic = covered.length === 1 ? covered[0] : null;
      }
      return report;
    } catch (err) {
      if (err instanceof ReportError) return `line ${line}: ${err.message}`;
      throw err;
    }
  }

  /** The topics a city label names: through the map, else a topic of the base by code or name, else (no base) itself. */
  function topicsOfLabel(label: string): readonly string[] | undefined {
    if (map && Object.hasOwn(map, label)) return map[label] ?? [];
    if (!base) return [label];
    const own = profile.topic(label)?.code;
    if (own !== undefined) return [own];
    unknownLabels.set(label, (unknownLabels.get(label) ?? 0) + 1);
    return undefined;
  }

  if (unknownLabels.size > 0)
    throw new InputError(
      `${options.labels}: labels that are not topics of the base${map ? ' nor in the map' : ''}: ` +
        `${[...unknownLabels].map(([l, n]) => `"${l}" (${n})`).join(', ')}; map them with --map FILE`,
    );
  const figures = learner.figures(
    base ? profile.districtCodes : learner.seenKeys().districts,
    base ? profile.topicCodes : learner.seenKeys().topics,
  );
  if (figures.reports === 0) throw new InputError(`no valid report in ${options.feed} (${tally.bad} bad lines)`);
  const written = base
    ? fromBase({ ...base, json: { ...base.json, ...overrides } }, figures, options.out)
    : fromFeed({ ...skeleton, ...overrides }, figures, options.feed);
  // The profile must load as any other would: checked (and defaults known good) before anyone writes it.
  completeProfile(written, options.out, dirname(resolve(options.out)));
  const { bad, ...sources } = tally;
  return { profile: written, figures, badLines: bad, ...sources };
}

interface Base {
  readonly json: Record<string, unknown>;
  readonly dir: string;
}

function readBase(nameOrFile: string): Base {
  const path = builtInProfilePath(nameOrFile) ?? nameOrFile;
  try {
    return { json: JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>, dir: dirname(resolve(path)) };
  } catch (cause) {
    throw new InputError(
      `cannot read base profile "${nameOrFile}" (neither a built-in name nor a readable JSON file)`,
      {
        cause,
      },
    );
  }
}

/** The base as written, its districts weighted and topics shared as learned; a gazetteer path still finds its file. */
function fromBase(base: Base, f: LearnedFigures, out: string): Record<string, unknown> {
  const json = base.json as Record<string, unknown> & {
    districts: Array<{ code: string }>;
    topics: Array<{ code: string }>;
    gazetteer?: unknown;
    channels?: string[];
  };
  const gazetteer =
    typeof json.gazetteer === 'string' && !isAbsolute(json.gazetteer)
      ? relative(dirname(resolve(out)), resolve(base.dir, json.gazetteer))
      : json.gazetteer;
  return {
    ...json,
    ...learnedFields(f, json.channels),
    districts: json.districts.map((d) => ({ ...d, weight: f.districtWeights.get(d.code) })),
    topics: json.topics.map((t) => ({ ...t, share: f.topicShares.get(t.code) })),
    ...(gazetteer === undefined ? {} : { gazetteer }),
  };
}

/** A profile whose districts and topics are the values the feed's fields hold: codes kept, Chinese names coded. */
function fromFeed(city: Record<string, unknown>, f: LearnedFigures, feed: string): Record<string, unknown> {
  if (f.districtWeights.size === 0 || f.topicShares.size === 0)
    throw new InputError(`${feed} names no ${f.districtWeights.size === 0 ? 'district' : 'topic'}: give --base`);
  const coded = <V>(values: Map<string, V>, prefix: string) =>
    [...values].map(([value, figure], i) => ({
      code: CODE.test(value) ? value : `${prefix}${i + 1}`,
      name: value,
      figure,
    }));
  return {
    city: city.city,
    code: city.code,
    timezone: city.timezone,
    ...learnedFields(f, undefined),
    districts: coded(f.districtWeights, 'd').map(({ figure, ...d }) => ({ ...d, weight: figure })),
    topics: coded(f.topicShares, 't').map(({ figure, ...t }) => ({ ...t, share: figure })),
  };
}

function learnedFields(f: LearnedFigures, channels: string[] | undefined) {
  return {
    dailyVolume: f.dailyVolume,
    hourShape: f.hourShape,
    weekdayFactors: f.weekdayFactors,
    ...(f.channels.length > 0 ? { channels: f.channels } : channels ? { channels } : {}),
  };
}

/** Labels by report id, from NDJSON or a TSV with a header; a line without an id is named and skipped. */
async function readLabels(path: string, onBadLine: InitOptions['onBadLine']): Promise<Map<string, Label>> {
  const labels = new Map<string, Label>();
  const add = (v: Record<string, unknown>) =>
    labels.set(v.id as string, {
      ...(v.district === undefined ? {} : { district: v.district }),
      ...(v.topic === undefined ? {} : { topic: v.topic }),
      ...(typeof v.label === 'string' && v.label.trim() !== '' ? { label: v.label.trim() } : {}),
    });
  const head = readFileSync(path, 'utf8')
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!head.startsWith('{')) {
    readTsvLabels(path, onBadLine).forEach(add);
    return labels;
  }
  for await (const line of await openNdjson(path)) {
    const v = line.value as Record<string, unknown> | undefined;
    if (line.error !== undefined || typeof v !== 'object' || v === null || typeof v.id !== 'string') {
      onBadLine?.(`${path}: ${line.error ?? `line ${line.line}: a label is {"id": "…", "topic" or "label": …}`}`);
      continue;
    }
    add(v);
  }
  return labels;
}

/** Rows of a tab-separated label file whose header names `id` and any of label, topic, district. */
function readTsvLabels(path: string, onBadLine: InitOptions['onBadLine']): Array<Record<string, string>> {
  const [header = '', ...lines] = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const columns = header.split('\t').map((c) => c.trim().toLowerCase());
  if (!columns.includes('id') || !columns.some((c) => c === 'label' || c === 'topic' || c === 'district'))
    throw new InputError(`${path}: a TSV of labels starts with a header naming id and label (or topic, district)`);
  const rows: Array<Record<string, string>> = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split('\t');
    if (cells.length !== columns.length || cells[columns.indexOf('id')].trim() === '') {
      onBadLine?.(`${path}: line ${i + 2}: expected ${columns.length} tab-separated cells with an id`);
      return;
    }
    const row: Record<string, string> = {};
    columns.forEach((c, k) => {
      if (c === 'id' || c === 'label' || c === 'topic' || c === 'district') row[c] = cells[k].trim();
    });
    rows.push(row);
  });
  return rows;
}
