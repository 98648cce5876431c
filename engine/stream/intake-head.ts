// An engine that only counts (no incident tracking, no store) reads a settled report's head alone: the fields
// before `enrichment` and `raw`, which settledReport() writes first. For the benchmark's 620-byte messages this read
// takes about half the time of decoding and parsing the whole (2.1 against 3.8 µs) and never decodes the Chinese text.
import type { JsMsg } from '@nats-io/jetstream';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { SettledReport } from '../../schemas/settled-report.ts';
import { UNKNOWN, type CountedReport } from '../intake/report.ts';
import { MAX_LINE_BYTES } from '../intake/read-ndjson.ts';
import type { Profile } from '../profile/city-profile.ts';
import { readIntake, subjectCell, type Incoming } from './intake-message.ts';

/** What settledReport() writes before the enrichment and the raw report, checked as the whole read checks it. */
const checkHead = TypeCompiler.Compile(
  Type.Pick(SettledReport, ['v', 'id', 't', 'receivedAt', 'district', 'topic', 'caller', 'channel']),
);

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const COMMA = 0x2c;
const QUOTE = 0x22;
/** The member names that follow the head, without their opening quote. */
const BODY_KEYS = [encoder.encode('enrichment":{'), encoder.encode('raw":{')];

/**
 * Where the head ends: the first `,"enrichment":{` or `,"raw":{`. A `"` inside a JSON string is always escaped, so
 * `,"` is never inside one: the match is a member name. If it is a nested one, the head plus `}` does not parse and
 * the caller reads the whole message instead. -1 when neither name is there.
 */
function headEnd(data: Uint8Array): number {
  for (let i = data.indexOf(COMMA); i >= 0; i = data.indexOf(COMMA, i + 1)) {
    if (data[i + 1] !== QUOTE) continue;
    for (const key of BODY_KEYS) if (startsWith(data, i + 2, key)) return i;
  }
  return -1;
}

function startsWith(data: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > data.length) return false;
  for (let k = 0; k < prefix.length; k++) if (data[at + k] !== prefix[k]) return false;
  return true;
}

/** The head as a counted report, or null wherever the whole read must judge the message. */
function countedFromHead(msg: JsMsg, profile: Profile): CountedReport | null {
  if (msg.data.length > MAX_LINE_BYTES) return null;
  const end = headEnd(msg.data);
  if (end < 0) return null;
  let head: unknown;
  try {
    head = JSON.parse(`${decoder.decode(msg.data.subarray(0, end))}}`);
  } catch {
    return null;
  }
  if (!checkHead.Check(head)) return null;
  const { district, topic } = subjectCell(msg.subject);
  // The subject's cell must be the profile's and the envelope's, exactly as readIntake requires.
  if ((head.district ?? UNKNOWN) !== district || (head.topic ?? UNKNOWN) !== topic) return null;
  if (head.district !== null && profile.district(head.district)?.code !== head.district) return null;
  if (head.topic !== null && profile.topic(head.topic)?.code !== head.topic) return null;
  return { id: head.id, t: head.t, district: head.district, topic: head.topic, caller: head.caller };
}

/**
 * Read one INTAKE message for counting only. A settled report whose head checks is counted from its head: what
 * follows it (enrichment, raw report) is not parsed, so a counting engine does not see a body broken after a sound
 * head, nor a field written twice (JSON.stringify writes each once). Everything else — markers, poison, and any
 * report whose head does not check or is not written first — is readIntake's verdict, word for word.
 */
export function readCountedIntake(msg: JsMsg, profile: Profile): Incoming<CountedReport> {
  // A marker has no payload, so no head: readIntake reads it.
  const report = countedFromHead(msg, profile);
  if (report === null) return readIntake(msg, profile, false);
  return { kind: 'report', district: report.district ?? UNKNOWN, report, sourceTime: report.t };
}
