// The one way untrusted input is echoed back (stderr, dead-letter headers): escaped, so a hostile line cannot drive
// the terminal or break a header, and truncated, so one huge value cannot bury the rest of the report.

/** How many characters of an echoed value are kept (escapes included) before "…". */
export const ECHO_MAX_CHARS = 120;

/**
 * Characters written as \uXXXX: C0 and C1 controls (ESC starts ANSI sequences, U+009B is a one-character CSI),
 * DEL, line and paragraph separators, bidirectional overrides and isolates (they reorder what a reader sees),
 * lone surrogates (not text at all), and the byte-order mark.
 */
const UNSAFE = new RegExp(
  String.raw`[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|` +
    String.raw`[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]`,
);
const SHORT: Record<string, string> = { '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function escapeChar(ch: string): string {
  return SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every unsafe character escaped as JSON.stringify would (\u001b), cut at `max` characters with "…".
 * For text that already reads as a message (a JSON parser's complaint quoting the line): no quotes are added and
 * quotes and backslashes stay as they are.
 */
export function escapeInput(text: string, max = ECHO_MAX_CHARS): string {
  return escapeWith(text, max, false);
}

/** A value as it would be written in JSON (`"a\u001bb"`, `12`, `null`), escaped and cut like escapeInput. */
export function quoteInput(value: unknown, max = ECHO_MAX_CHARS): string {
  if (typeof value === 'string') return `"${escapeWith(value, max - 2, true)}"`;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  return escapeWith(json ?? String(typeof value), max, false);
}

function escapeWith(text: string, max: number, quoted: boolean): string {
  // The common case, short and clean, costs one regex test.
  if (text.length <= max && !UNSAFE.test(text) && !(quoted && /["\\]/.test(text))) return text;
  let out = '';
  // Every piece adds at least one character, so the loop stops within `max` characters of `text`, however long.
  for (let i = 0; i < text.length; i++) {
    let piece = text[i];
    const code = piece.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && /[\udc00-\udfff]/.test(text[i + 1]))
      piece += text[++i];
    else if (UNSAFE.test(piece)) piece = escapeChar(piece);
    else if (quoted && (piece === '"' || piece === '\\')) piece = `\\${piece}`;
    if (out.length + piece.length > (i + 1 < text.length ? max - 1 : max)) return `${out}…`;
    out += piece;
  }
  return out;
}
