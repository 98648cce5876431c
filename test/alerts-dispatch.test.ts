// Dispatch (派单), resolve (办结) and reopen over REST, on PostgreSQL and PGlite: the unit must be one the profile knows,
// the deadline class sets when it falls due, impossible moves are 409, and an engine "resolved" arriving after a
// dispatch leaves the alert dispatched, only marked quiet.
import { beforeAll, describe, expect, it } from 'vitest';
import { STREAMS, SUBJECTS } from '../engine/stream/nats-names.ts';
import type { LiveAlertChange } from '../schemas/alert-workflow.ts';
import { useGateway } from './support/gateway-harness.ts';
import { readStream } from './support/jetstream-reader.ts';
import { BACKENDS, makeAlert } from './store-fixtures.ts';

const T0 = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

describe.each(BACKENDS)('alerts: dispatch, resolve, reopen (%s)', (backend) => {
  const h = useGateway({ backend });
  const post = (id: string, action: string, body: object | undefined, role: 'viewer' | 'officer' | null = 'officer') =>
    h.gateway.app.inject({
      method: 'POST',
      url: `/api/alerts/${id}/${action}`,
      headers: role ? h.auth[role] : {},
      ...(body ? { payload: body } : {}),
    });
  const paths = (res: { json(): { errors?: Array<{ path: string }> } }) => res.json().errors?.map((e) => e.path);

  beforeAll(async () => {
    await h.gateway.ctx.store.writer.writeAlertEvents(
      ['d-1', 'd-2', 'd-bad'].map((id) => ({ type: 'alert.opened' as const, alert: makeAlert(id, T0) })),
    );
  });

  it('dispatches to a unit of the profile with a deadline, and due time follows the class', async () => {
    const res = await post('d-1', 'dispatch', { unit: '市住建局', deadline: '2h', note: '请住建局核查' });
    expect(res.statusCode).toBe(200);
    const change: LiveAlertChange = res.json();
    expect(change).toMatchObject({ action: 'dispatch', alert: { status: 'dispatched' } });
    const w = change.alert.workflow;
    expect(w).toMatchObject({ unit: '市住建局', deadline: '2h', note: '请住建局核查' });
    expect(Date.parse(w.dueAt!) - Date.parse(w.dispatchedAt!)).toBe(2 * 3_600_000);
    expect(w.acknowledgedAt).toBe(w.dispatchedAt); // dispatching an open alert takes it up
    const messages = await readStream(h.nats.server.url, STREAMS.alerts, SUBJECTS.workflow);
    expect(messages.map((m) => JSON.parse(m.data))).toContainEqual(change);
  });

  it('keeps a dispatched alert dispatched when the engine says resolved, marking it quiet', async () => {
    // The engine sees the cell go quiet in the dispatch's own second (feed time moves on only after it).
    const dispatchedAt = (await h.gateway.ctx.store.queries.getAlert('d-1'))!.workflow.dispatchedAt!;
    const quietAt = new Date(Date.parse(dispatchedAt)).toISOString();
    const engineResolved = makeAlert('d-1', T0, {
      status: 'resolved',
      updatedAt: quietAt,
      resolvedAt: quietAt,
      count: 2,
    });
    expect(await h.gateway.ctx.store.writer.writeAlertEvents([{ type: 'alert.resolved', alert: engineResolved }])).toBe(
      1,
    );
    const stored = await h.gateway.ctx.store.queries.getAlert('d-1');
    expect(stored).toMatchObject({ status: 'dispatched', count: 2, workflow: { quiet: true, unit: '市住建局' } });
    expect(stored?.resolvedAt).toBeUndefined();
    // redelivered: stored once, nothing changes
    expect(await h.gateway.ctx.store.writer.writeAlertEvents([{ type: 'alert.resolved', alert: engineResolved }])).toBe(
      0,
    );
    const listed = await h.gateway.app.inject({
      method: 'GET',
      url: '/api/alerts?status=dispatched',
      headers: h.auth.viewer,
    });
    expect(listed.json().items.map((a: { id: string }) => a.id)).toEqual(['d-1']);
  });

  it('resolves, refuses a dispatch after that (409), and reopens', async () => {
    const done = await post('d-1', 'resolve', { note: '已修复' });
    expect(done.statusCode).toBe(200);
    expect(done.json().alert).toMatchObject({ status: 'resolved', workflow: { note: '已修复', quiet: true } });
    expect(done.json().alert.resolvedAt).toMatch(/\+08:00$/);
    const late = await post('d-1', 'dispatch', { unit: '市住建局' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'LZ_TRANSITION_REFUSED' });
    expect(late.json().message).toMatch(/is resolved/);
    const again = await post('d-1', 'reopen', undefined);
    expect(again.statusCode).toBe(200);
    expect(again.json().alert).toMatchObject({ status: 'open', workflow: { resolvedBy: null, quiet: false } });
    expect(again.json().alert.resolvedAt).toBeUndefined();
    expect((await post('d-2', 'reopen', {})).statusCode).toBe(409);
    const history = await h.gateway.ctx.store.queries.alertHistory('d-1');
    expect(history.map((e) => e.type)).toEqual([
      'alert.opened',
      'alert.dispatched',
      'alert.resolved',
      'alert.resolved',
      'alert.reopened',
    ]);
  });

  it('names the field of a bad dispatch and changes nothing', async () => {
    const unknown = await post('d-bad', 'dispatch', { unit: '火星管理局' });
    expect(unknown.statusCode).toBe(400);
    expect(paths(unknown)).toEqual(['/unit']);
    expect(unknown.json().message).toMatch(/unknown unit "火星管理局": expected one of 市交通运输局/);
    expect(paths(await post('d-bad', 'dispatch', { deadline: '3h' }))).toEqual(
      expect.arrayContaining(['/unit', '/deadline']),
    );
    expect(paths(await post('d-bad', 'dispatch', undefined))).toEqual(['/unit']);
    expect((await h.gateway.ctx.store.queries.getAlert('d-bad'))?.status).toBe('open');
  });

  it('lets only officers act, and answers 404 for an unknown alert', async () => {
    expect((await post('d-2', 'dispatch', { unit: '市住建局' }, null)).statusCode).toBe(401);
    expect((await post('d-2', 'resolve', {}, 'viewer')).statusCode).toBe(403);
    const missing = await post('nope', 'resolve', {});
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('LZ_ALERT_NOT_FOUND');
  });
});
