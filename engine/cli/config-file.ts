// lizheng.config.json: the options an operator sets once for a site (profile, NATS URL, detector tuning),
// read by every command. Its schema is built from the commands' own options, so a new subcommand or flag is
// configurable without touching this file, and a misspelt key is an error that names it.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Command, Option } from 'commander';
import { didYouMean } from '../closest-name.ts';
import { UsageError } from '../errors.ts';

export const CONFIG_FILE = 'lizheng.config.json';
export const CONFIG_ENV = 'LIZHENG_CONFIG';

/** A config file that cannot be read, is not JSON, or has a key or value no command takes. */
export class ConfigError extends UsageError {}

type Section = Record<string, unknown>;

/** A validated config file: its path (for messages) and its sections. */
export interface Config {
  readonly path: string;
  /** Options for every command that has them. */
  readonly shared: Section;
  /** Options for one command, by command name; they win over shared ones. */
  readonly commands: Readonly<Record<string, Section>>;
}

export const CONFIG_HELP =
  `Configuration: ./${CONFIG_FILE} if present, ` +
  `or the file named by --config FILE or $${CONFIG_ENV}.
  Keys are option names as in --help without the dashes: at the top level for every command that has
  the option, or under a command's name for that command alone, e.g.
    {"profile": "chengdu", "detect": {"lateness": 3, "set": {"fdr": 0.02}}, "engine": {"nats": "nats://10.0.0.5:4222"}}
  A flag given on the command line wins over its environment variable (NATS_URL), which wins over the
  file, which wins over the built-in default. Repeatable key=value options (--set, --limit) add up:
  the file's first, then the command line's, so a key given on both takes the command line's value.
  Options a command requires (detect --input, generate --days …) are always given on the command line.`;

/** The config key of an option: its long flag without dashes, `--no-progress` → progress. */
const keyOf = (o: Option): string => o.long!.replace(/^--(no-)?/, '');

/** Repeatable key=value options collect into an array, which is their default. */
const isRepeatable = (o: Option): boolean => Array.isArray(o.defaultValue);

/** Options a config file may set on `cmd`: not --help, not those commander requires before any hook runs. */
function configurable(cmd: Command): Option[] {
  return cmd.options.filter((o) => o.long !== undefined && !o.mandatory && o.long !== '--help');
}

function valueSchema(o: Option): TSchema {
  if (o.argChoices) return Type.Union(o.argChoices.map((c) => Type.Literal(c)));
  if (o.isBoolean() || o.negate) return Type.Boolean();
  // As on the command line (["fdr=0.02"]) or as an object ({"fdr": 0.02}).
  if (isRepeatable(o)) return Type.Union([Type.Array(Type.String()), Type.Record(Type.String(), Type.Unknown())]);
  return Type.Union([Type.String(), Type.Number()]);
}

/** What a value of the option looks like, for messages. */
function describe(o: Option): string {
  if (o.argChoices) return `one of ${o.argChoices.map((c) => JSON.stringify(c)).join(', ')}`;
  if (o.isBoolean() || o.negate) return 'true or false';
  if (isRepeatable(o)) return 'an array of "key=value" strings or an object';
  return 'a string or a number';
}

interface Layout {
  readonly schema: TSchema;
  /** Per command: its options by config key. */
  readonly commands: Map<string, Map<string, Option>>;
  /** Keys allowed at the top level: options that take the same kind of value in every command that has them. */
  readonly shared: Map<string, Option>;
  /** Keys that mean different things in different commands (evaluate-text --set FILE vs detect --set key=value). */
  readonly ambiguous: Map<string, string[]>;
}

function layoutOf(program: Command): Layout {
  const commands = new Map<string, Map<string, Option>>();
  const byKey = new Map<string, Array<{ command: string; option: Option }>>();
  for (const cmd of program.commands) {
    const options = new Map(configurable(cmd).map((o) => [keyOf(o), o]));
    // A command with no options of its own (`profile`, whose options are its subcommand's) is no section: its name
    // stays free for the option of the same name ({"profile": "chengdu"}).
    if (options.size === 0) continue;
    commands.set(cmd.name(), options);
    for (const [key, option] of options) byKey.set(key, [...(byKey.get(key) ?? []), { command: cmd.name(), option }]);
  }
  const shared = new Map<string, Option>();
  const ambiguous = new Map<string, string[]>();
  for (const [key, uses] of byKey) {
    const kinds = new Set(uses.map((u) => JSON.stringify(valueSchema(u.option))));
    if (kinds.size === 1) shared.set(key, uses[0].option);
    else
      ambiguous.set(
        key,
        uses.map((u) => u.command),
      );
  }
  const section = (options: Map<string, Option>) =>
    Type.Object(Object.fromEntries([...options].map(([k, o]) => [k, Type.Optional(valueSchema(o))])), {
      additionalProperties: false,
    });
  const schema = Type.Object(
    {
      $schema: Type.Optional(Type.String()),
      ...Object.fromEntries([...shared].map(([k, o]) => [k, Type.Optional(valueSchema(o))])),
      ...Object.fromEntries([...commands].map(([name, options]) => [name, Type.Optional(section(options))])),
    },
    { additionalProperties: false },
  );
  return { schema, commands, shared, ambiguous };
}

/** The first problem of `data` against the layout, worded for an operator: which key, what it should be. */
function problemOf(layout: Layout, data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'expected a JSON object of options';
  const error = Value.Errors(layout.schema, data).First();
  if (!error) return null;
  const path = error.path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const [first, second] = path;
  const command = layout.commands.get(first);
  if (path.length === 1 && !command && !layout.shared.has(first)) {
    const uses = layout.ambiguous.get(first);
    if (uses)
      return (
        `${first} means different things in ${uses.slice(0, -1).join(', ')} and ${uses.at(-1)}: put it under ` +
        `the command, e.g. {"${uses[0]}": {"${first}": …}}`
      );
    return (
      `${first} is neither a command nor an option` +
      `${didYouMean(first, [...layout.commands.keys(), ...layout.shared.keys()])}`
    );
  }
  if (command && path.length === 1)
    return `${first}: expected an object of ${first}'s options (got ${JSON.stringify(error.value)})`;
  if (command && !command.has(second)) {
    return (
      `${first}.${second} is not an option of lizheng ${first}${didYouMean(second, command.keys())}; its ` +
      `options: ${[...command.keys()].join(', ')}`
    );
  }
  const option = command ? command.get(second)! : layout.shared.get(first)!;
  return `${command ? `${first}.${second}` : first}: expected ${describe(option)} (got ${JSON.stringify(error.value)})`;
}

/** The config file to read: --config / $LIZHENG_CONFIG (must exist), else ./lizheng.config.json if present. */
export function configPath(named: string | undefined, cwd = process.cwd()): string | null {
  if (named !== undefined) return resolve(cwd, named);
  const local = resolve(cwd, CONFIG_FILE);
  return existsSync(local) ? local : null;
}

/** Read and validate the config file at `path` against the options of `program`'s commands. */
export function readConfig(path: string, program: Command): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`config file ${path}: cannot read it (${(cause as Error).message})`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`config file ${path}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  const layout = layoutOf(program);
  const problem = problemOf(layout, data);
  if (problem) throw new ConfigError(`config file ${path}: ${problem}`);
  const shared: Section = {};
  const commands: Record<string, Section> = {};
  for (const [key, value] of Object.entries(data as Section)) {
    if (layout.commands.has(key)) commands[key] = value as Section;
    else if (key !== '$schema') shared[key] = value;
  }
  return { path, shared, commands };
}

/** A repeatable option's value from the file, as the command line would give it. */
function asAssignments(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  return Object.entries(value as Section).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
}

/** A flag whose value the file gave, and where in the file: so an error about the value can say it came from there. */
export interface ConfiguredFlag {
  readonly flag: string;
  readonly key: string;
}

/**
 * Give `cmd` the file's values for the options nobody else set: an option whose value came from the command
 * line or the environment keeps it; a repeatable one gets the file's assignments before its own.
 */
export function applyConfig(config: Config, cmd: Command): ConfiguredFlag[] {
  const section = config.commands[cmd.name()] ?? {};
  const applied: ConfiguredFlag[] = [];
  for (const option of configurable(cmd)) {
    const key = keyOf(option);
    const value = key in section ? section[key] : config.shared[key];
    if (value === undefined) continue;
    const name = option.attributeName();
    const source = cmd.getOptionValueSource(name);
    const fromFile = source === undefined || source === 'default' || source === 'implied';
    if (fromFile || isRepeatable(option))
      applied.push({ flag: option.long!, key: key in section ? `${cmd.name()}.${key}` : key });
    if (isRepeatable(option)) {
      const given = fromFile ? [] : (cmd.getOptionValue(name) as string[]);
      cmd.setOptionValueWithSource(name, [...asAssignments(value), ...given], fromFile ? 'config' : source);
    } else if (fromFile) {
      cmd.setOptionValueWithSource(name, typeof value === 'number' ? String(value) : value, 'config');
    }
  }
  return applied;
}

/** " (--lateness is set in FILE as detect.lateness)" when `message` is about a flag the file set, else "". */
export function configNote(message: string, path: string, applied: readonly ConfiguredFlag[]): string {
  const about = applied.filter(({ flag }) => new RegExp(`${flag}(?![\\w-])`).test(message));
  return about.map(({ flag, key }) => ` (${flag} is set in ${path} as ${key})`).join('');
}
