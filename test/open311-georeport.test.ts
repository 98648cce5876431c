// Open311 GeoReport v2 as an existing 311 app uses it: a small client written to the public specification
// (http://wiki.open311.org/GeoReport_v2 — form-encoded POST, the spec's field names, JSON parsed without our types)
// against a listening gateway, with the store (PostgreSQL) the engine writes reports and alerts into.
import { beforeAll, describe, expect, it } from 'vitest';
import { STREAMS } from '../engine/stream/nats-names.ts';
import { useGateway } from './support/gateway-harness.ts';
import { readStream } from './support/jetstream-reader.ts';
import { storeIntake } from './support/store-intake.ts';

/** What the specification's JSON looks like to a client that has never seen our code. */
type Json = Record<string, unknown>;

/** A GeoReport v2 client: the endpoint URL from discovery, an api_key, and the spec's methods. */
class Open311Client {
  constructor(
    readonly endpoint: string,
    readonly apiKey?: string,
  ) {}

  async get(path: string, params: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const query = new URLSearchParams(params).toString();
    const res = await fetch(`${this.endpoint}/${path}${query ? `?${query}` : ''}`);
    return { status: res.status, body: await res.json() };
  }

  /** POST requests.json, form-encoded as the specification's examples are. */
  async postRequest(fields: Record<string, string>): Promise<{ status: number; body: unknown }> {
    const form = new URLSearchParams(this.apiKey ? { api_key: this.apiKey, ...fields } : fields);
    const res = await fetch(`${this.endpoint}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return { status: res.status, body: await res.json() };
  }
}

describe('Open311 GeoReport v2', () => {
  const h = useGateway({ backend: 'postgres' });
  let base: string;
  let client: Open311Client;

  beforeAll(async () => {
    base = await h.gateway.app.listen({ port: 0, host: '127.0.0.1' });
    const discovery = (await (await fetch(`${base}/open311/v2/discovery.json`)).json()) as Json;
    const endpoints = discovery.endpoints as Json[];
    client = new Open311Client(String(endpoints[0].url), h.tokens.access.apiKeys[0].key);
  });

  const engineStores = () => storeIntake(h);

  it('discovery names a GeoReport v2 JSON endpoint on this server', async () => {
    const discovery = (await client.get('../v2/discovery.json')).body as Json;
    const [endpoint] = discovery.endpoints as Json[];
    expect(endpoint.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(endpoint.url).toBe(`${base}/open311/v2`);
    expect(endpoint.formats).toEqual(['application/json']);
  });

  it('lists one service per topic, the responsible unit as its group, and each definition', async () => {
    const services = (await client.get('services.json')).body as Json[];
    expect(services).toHaveLength(14);
    const property = services.find((s) => s.service_code === 'property') as Json;
    expect(property).toMatchObject({ service_name: '物业管理', metadata: false, type: 'realtime' });
    expect(String(property.description)).toMatch(/^物业管理 \(property\)/);
    const definition = await client.get('services/property.json');
    expect(definition).toEqual({ status: 200, body: { service_code: 'property', attributes: [] } });
    const unknown = await client.get('services/unicorns.json');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: 'no service "unicorns" (see services.json)' }]);
  });

  it('creates a request from a form, finds it once stored, open, with the agency responsible', async () => {
    const created = await client.postRequest({
      service_code: 'property',
      description: '小区电梯坏了一周，物业一直不修',
      lat: '30.6421',
      long: '104.0431',
      address_string: '武侯区玉林北路2号',
      email: 'citizen@example.com',
      media_url: 'https://example.com/lift.jpg',
    });
    expect(created.status).toBe(201);
    const [{ service_request_id: id, service_notice }] = created.body as Json[];
    expect(String(id)).toMatch(/^311-/);
    expect(service_notice).toBeTypeOf('string');

    // Not yet stored by the engine: 404 in the specification's error shape.
    const early = await client.get(`requests/${id}.json`);
    expect(early.status).toBe(404);
    expect((early.body as Json[])[0].code).toBe(404);

    await engineStores();
    const found = await client.get(`requests/${id}.json`);
    expect(found.status).toBe(200);
    const [request] = found.body as Json[];
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'property',
      service_name: '物业管理',
      agency_responsible: '市住建局',
      description: '小区电梯坏了一周，物业一直不修',
      address: '武侯区玉林北路2号',
      // Without a token, the location is rounded to about 100 m; an officer's token reads it as given.
      lat: 30.642,
      long: 104.043,
      media_url: 'https://example.com/lift.jpg',
    });
    const officer = await client.get(`requests/${id}.json`, { token: h.tokens.tokenFor('officer')! });
    expect((officer.body as Json[])[0]).toMatchObject({ lat: 30.6421, long: 104.0431 });
    expect(Date.now() - Date.parse(String(request.requested_datetime))).toBeLessThan(3_600_000);
    // The contact is a caller, not stored: the stream holds only its hash.
    const raw = (await readStream(h.nats.server.url, STREAMS.intake)).map((m) => m.data).join('\n');
    expect(raw).not.toContain('citizen@example.com');
  });

  it('reads requests by time, service and status; closed once an alert holding the report is resolved', async () => {
    const a = (
      await client.postRequest({
        service_code: 'traffic',
        description: '春熙路红绿灯坏了',
        lat: '30.65',
        long: '104.08',
      })
    ).body as Json[];
    const b = (
      await client.postRequest({ service_code: 'utilities', description: '建设路停水', address_string: '成华区建设路' })
    ).body as Json[];
    await engineStores();
    const [closedId, openId] = [a[0].service_request_id, b[0].service_request_id] as string[];
    const now = new Date().toISOString();
    await h.gateway.ctx.store.writer.writeAlertEvents([
      {
        type: 'alert.resolved',
        alert: {
          id: 'surge-jinjiang-traffic-test',
          kind: 'surge',
          district: 'jinjiang',
          topic: 'traffic',
          openedAt: now,
          updatedAt: now,
          resolvedAt: now,
          count: 1,
          distinctCallers: 1,
          expected: 0.1,
          ratio: 10,
          windowMinutes: 60,
          score: 5,
          detector: 'window-nb',
          status: 'resolved',
          summary: '锦江区 交通出行 test',
          reportIds: [closedId],
        },
      },
    ]);
    const all = (await client.get('requests.json')).body as Json[];
    expect(all.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([closedId, openId]));
    const status = (id: string) => all.find((r) => r.service_request_id === id)?.status;
    expect([status(closedId), status(openId)]).toEqual(['closed', 'open']);
    const closed = (await client.get('requests.json', { status: 'closed' })).body as Json[];
    expect(closed.map((r) => r.service_request_id)).toEqual([closedId]);
    const chosen = (await client.get('requests.json', { service_code: 'utilities,property' })).body as Json[];
    expect(chosen.map((r) => r.service_code).sort()).toEqual(['property', 'utilities']);
    const byId = (await client.get('requests.json', { service_request_id: `${closedId},${openId}`, status: 'open' }))
      .body as Json[];
    expect(byId).toHaveLength(2); // with ids, the other parameters do not apply
    const past = (await client.get('requests.json', { end_date: '2026-01-01T00:00:00Z' })).body as Json[];
    expect(past).toEqual([]);
  });

  it("answers bad requests in the specification's error shape, one entry per offending field", async () => {
    const noLocation = await client.postRequest({ service_code: 'property', description: '电梯坏了' });
    expect(noLocation).toEqual({
      status: 400,
      body: [{ code: 400, description: 'lat: a location is required: lat and long, or address_string' }],
    });
    const badFields = await client.postRequest({ service_code: 'property', lat: 'north', long: '200' });
    expect(badFields.status).toBe(400);
    const descriptions = (badFields.body as Json[]).map((e) => String(e.description).split(':')[0]).sort();
    expect(descriptions).toEqual(['description', 'lat', 'long']);
    const tooLong = await client.postRequest({
      service_code: 'property',
      description: '坏'.repeat(4_001),
      lat: '30.6',
      long: '104',
    });
    expect(tooLong).toEqual({
      status: 400,
      body: [{ code: 400, description: 'description: at most 4000 characters, got 4001' }],
    });
    const unknown = await client.postRequest({
      service_code: 'unicorns',
      description: '独角兽',
      lat: '30.6',
      long: '104',
    });
    expect((unknown.body as Json[])[0].description).toBe('service_code: unknown service "unicorns"');
    const span = await client.get('requests.json', {
      start_date: '2026-01-01T00:00:00Z',
      end_date: '2026-06-01T00:00:00Z',
    });
    expect(span).toEqual({
      status: 400,
      body: [{ code: 400, description: 'start_date: start_date to end_date spans more than 90 days' }],
    });
    const status = await client.get('requests.json', { status: 'pending' });
    expect((status.body as Json[])[0]).toEqual({ code: 400, description: 'status: "pending" is not open or closed' });
  });

  it('wants an api_key to create a request (401), and an intake key, not a viewer token (403)', async () => {
    const anonymous = await new Open311Client(client.endpoint).postRequest({
      service_code: 'property',
      description: '电梯坏了',
      address_string: '玉林北路',
    });
    expect(anonymous.status).toBe(401);
    expect((anonymous.body as Json[])[0]).toEqual({
      code: 401,
      description: 'a valid bearer token or API key is required',
    });
    const viewer = await new Open311Client(client.endpoint, h.tokens.tokenFor('viewer')).postRequest({
      service_code: 'property',
      description: '电梯坏了',
      address_string: '玉林北路',
    });
    expect(viewer.status).toBe(403);
  });

  it('takes a JSON body too, with api_key inside it', async () => {
    const res = await h.gateway.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: {
        api_key: h.tokens.access.apiKeys[1].key,
        service_code: 'noise',
        description: '半夜施工',
        lat: 30.6,
        long: 104,
      },
    });
    expect(res.statusCode).toBe(201);
    const [{ service_request_id: id }] = res.json();
    const [message] = (await readStream(h.nats.server.url, STREAMS.intake)).filter((m) => m.data.includes(id));
    // The key's channel (the second generated key is the mailbox's) is the report's.
    expect(JSON.parse(message.data)).toMatchObject({ topic: 'noise', channel: 'mailbox' });
  });
});
