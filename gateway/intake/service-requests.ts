// Reports read back as Open311 GeoReport v2 service requests: from the store's `reports` table (the engine with
// --store writes them), each `closed` once an alert containing it was resolved and `open` otherwise; its topic is the
// service and the topic's responsible unit the agency.
import { Type, type Static } from '@sinclair/typebox';
import type { Profile } from '../../engine/profile/city-profile.ts';
import { redactText } from '../../engine/privacy/redact-text.ts';
import { textColumn, type TextView } from '../../engine/store/queries/alert-query.ts';
import type { SqlClient } from '../../engine/store/sql-client.ts';
import type { CityClock } from '../../engine/time/event-time.ts';

const Text = Type.Union([Type.String(), Type.Null()]);
const Coordinate = Type.Union([Type.Number(), Type.Null()]);

/** One service request, with the field names of the GeoReport v2 specification. */
export const ServiceRequest = Type.Object(
  {
    service_request_id: Type.String(),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    status_notes: Text,
    service_name: Text,
    service_code: Text,
    description: Type.String(),
    agency_responsible: Text,
    service_notice: Text,
    requested_datetime: Type.String(),
    updated_datetime: Type.String(),
    expected_datetime: Text,
    address: Text,
    address_id: Text,
    zipcode: Text,
    lat: Coordinate,
    long: Coordinate,
    media_url: Text,
  },
  { title: 'Open311 service request' },
);
export type ServiceRequest = Static<typeof ServiceRequest>;

/** Which requests: by ids (then nothing else applies, as the specification says), or by time, service and status. */
export type RequestFilter =
  | { readonly ids: readonly string[] }
  | {
      readonly from: number;
      readonly to: number;
      readonly serviceCodes: readonly string[] | null;
      readonly status: 'open' | 'closed' | null;
    };

/** At most this many requests in one answer, newest first (the specification leaves the number to the server). */
export const MAX_REQUESTS = 1_000;

interface Row {
  id: string;
  received_at: Date | string;
  topic: string | null;
  text: string;
  location: { address?: unknown; lat?: unknown; lon?: unknown } | null;
  media_url: string | null;
  alert_id: string | null;
  resolved_at: Date | string | null;
}

/** Three decimals of a degree: 111 m of latitude, about 100 m of longitude at a Chinese city's latitude. */
const PUBLIC_DECIMALS = 3;

const roundCoordinate = (v: number): number => Number(v.toFixed(PUBLIC_DECIMALS));

// The first resolved alert that holds the report closes it; a report in no resolved alert is open.
const select = (view: TextView) => `
  SELECT DISTINCT ON (r.received_at, r.id) r.id, r.received_at, r.topic,
    ${textColumn(view, 'r.')} AS text, r.location,
    r.raw->>'mediaUrl' AS media_url, closed.id AS alert_id, closed.resolved_at
  FROM reports r
  LEFT JOIN LATERAL (
    SELECT a.id, a.resolved_at FROM alerts a
    WHERE a.status = 'resolved' AND a.data->'reportIds' @> jsonb_build_array(r.id)
    ORDER BY a.resolved_at LIMIT 1
  ) closed ON true`;

const byIds = (view: TextView) =>
  `${select(view)} WHERE r.id = ANY($1::text[]) ORDER BY r.received_at DESC, r.id LIMIT ${MAX_REQUESTS}`;
const byTime = (view: TextView) => `${select(view)}
  WHERE r.received_at >= $1 AND r.received_at < $2
    AND ($3::text[] IS NULL OR r.topic = ANY($3::text[]))
    AND ($4::text IS NULL OR (closed.id IS NOT NULL) = ($4 = 'closed'))
  ORDER BY r.received_at DESC, r.id LIMIT ${MAX_REQUESTS}`;

export class ServiceRequests {
  constructor(
    private readonly sql: SqlClient,
    private readonly profile: Profile,
    private readonly clock: CityClock,
  ) {}

  async find(filter: RequestFilter, view: TextView): Promise<ServiceRequest[]> {
    const rows =
      'ids' in filter
        ? await this.sql.query<Row>(byIds(view), [filter.ids])
        : await this.sql.query<Row>(byTime(view), [
            new Date(filter.from).toISOString(),
            new Date(filter.to).toISOString(),
            filter.serviceCodes,
            filter.status,
          ]);
    return rows.map((row) => this.request(row, view));
  }

  private request(row: Row, view: TextView): ServiceRequest {
    const topic = row.topic === null ? undefined : this.profile.topic(row.topic);
    const requested = this.clock.format(new Date(row.received_at).getTime());
    const location = row.location ?? {};
    // A redacted view is the public's: the location rounded to about 100 m, the address cut back to its building.
    const open = view === 'redacted';
    return {
      service_request_id: row.id,
      status: row.alert_id === null ? 'open' : 'closed',
      status_notes: row.alert_id === null ? null : `已办结 (resolved): alert ${row.alert_id}`,
      service_name: topic?.name ?? null,
      service_code: topic?.code ?? null,
      description: row.text,
      agency_responsible: topic?.unit ?? null,
      service_notice: null,
      requested_datetime: requested,
      updated_datetime: row.resolved_at === null ? requested : this.clock.format(new Date(row.resolved_at).getTime()),
      expected_datetime: null,
      address:
        typeof location.address !== 'string' ? null : open ? redactText(location.address).text : location.address,
      address_id: null,
      zipcode: null,
      lat: typeof location.lat !== 'number' ? null : open ? roundCoordinate(location.lat) : location.lat,
      long: typeof location.lon !== 'number' ? null : open ? roundCoordinate(location.lon) : location.lon,
      media_url: row.media_url,
    };
  }
}
