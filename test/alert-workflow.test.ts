// The merged state machine of an alert, pure: people's moves and refusals, and that the engine never changes a
// status a person set (a fast-check property over any sequence of engine events), only its figures and `quiet`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALLOWED_FROM, applyAction, EMPTY_WORKFLOW, mergeEngineEvent } from '../engine/alerts/alert-workflow.ts';
import { groupNearDuplicates } from '../engine/alerts/near-duplicates.ts';
import type { AlertEvent, AlertStatus } from '../schemas/alert-event.ts';
import type { LiveAlert, WorkflowAction } from '../schemas/alert-workflow.ts';
import { makeAlert } from './store-fixtures.ts';

const T0 = Date.parse('2026-01-03T02:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const opened = (): LiveAlert => ({ ...makeAlert('a-1', T0), workflow: EMPTY_WORKFLOW });
const act = (a: LiveAlert, action: WorkflowAction, minutes: number, extra = {}) =>
  applyAction(a, { action, actor: 'duty-1', at: T0 + minutes * 60_000, ...extra }, iso);
const live = (r: ReturnType<typeof act>): LiveAlert => {
  if ('refused' in r) throw new Error(r.message);
  return r;
};

describe('alert workflow: people', () => {
  it('goes 受理 → 派单 → 签收 → 办结 with who and when, and the deadline sets when it falls due', () => {
    const acked = live(act(opened(), 'acknowledge', 3, { note: '已联系物业' }));
    expect(acked.status).toBe('acknowledged');
    expect(acked.workflow).toMatchObject({ acknowledgedBy: 'duty-1', acknowledgedAt: iso(T0 + 180_000) });
    const sent = live(act(acked, 'dispatch', 10, { unit: '市住建局', deadline: '2h' }));
    expect(sent.workflow).toMatchObject({
      unit: '市住建局',
      deadline: '2h',
      dueAt: iso(T0 + 600_000 + 2 * 3_600_000),
      acknowledgedAt: iso(T0 + 180_000), // the first acknowledgement stands
      note: '已联系物业',
    });
    const signed = live(act(sent, 'acknowledge', 20, { actor: 'unit-housing' }));
    expect(signed.status).toBe('dispatched'); // the unit signed for it (签收); it stays with the unit
    expect(signed.workflow).toMatchObject({ signedAt: iso(T0 + 1_200_000), signedBy: 'unit-housing' });
    const twice = act(signed, 'acknowledge', 21);
    expect('refused' in twice && twice.message).toMatch(/already signed for this dispatch/);
    const moved = live(act(signed, 'dispatch', 25, { unit: '市城管委' }));
    expect(moved.workflow).toMatchObject({ unit: '市城管委', signedAt: null, signedBy: null }); // the new unit signs
    const done = live(act(signed, 'resolve', 50));
    expect(done).toMatchObject({ status: 'resolved', resolvedAt: iso(T0 + 3_000_000) });
    expect(done.workflow.resolvedBy).toBe('duty-1');
    const again = live(act(done, 'reopen', 60));
    expect(again.status).toBe('open');
    expect(again.resolvedAt).toBeUndefined();
    expect(again.workflow.resolvedBy).toBeNull();
  });

  it('refuses impossible moves, naming the current status', () => {
    const acked = live(act(opened(), 'acknowledge', 1));
    const twice = act(acked, 'acknowledge', 2);
    expect(twice).toMatchObject({ refused: true, status: 'acknowledged' });
    expect('refused' in twice && twice.message).toMatch(/cannot acknowledge an alert that is acknowledged/);
    expect(act(opened(), 'reopen', 1)).toMatchObject({ refused: true, status: 'open' });
    const done = live(act(acked, 'resolve', 3));
    for (const action of ['acknowledge', 'dispatch', 'resolve'] as const)
      expect(act(done, action, 4)).toMatchObject({ refused: true, status: 'resolved' });
  });
});

describe('alert workflow: the engine', () => {
  it('resolves an alert nobody holds, and only marks one a person dispatched as quiet', () => {
    const resolved: AlertEvent = {
      type: 'alert.resolved',
      alert: { ...makeAlert('a-1', T0), status: 'resolved', resolvedAt: iso(T0 + 3_600_000), count: 3 },
    };
    const free = mergeEngineEvent(opened(), resolved);
    expect(free).toMatchObject({ status: 'resolved', workflow: { resolvedBy: 'engine', quiet: true } });
    const sent = live(act(opened(), 'dispatch', 5, { unit: '市住建局' }));
    const held = mergeEngineEvent(sent, resolved);
    expect(held).toMatchObject({ status: 'dispatched', count: 3, workflow: { quiet: true, unit: '市住建局' } });
    expect(held.resolvedAt).toBeUndefined();
  });

  const engineEvent = fc.record({
    type: fc.constantFrom('alert.opened' as const, 'alert.updated' as const, 'alert.resolved' as const),
    status: fc.constantFrom<AlertStatus>('open', 'acknowledged', 'dispatched', 'resolved'),
    count: fc.nat(500),
    minutes: fc.nat(10_000),
    resolved: fc.boolean(),
  });
  const peopleMoves = fc.array(fc.constantFrom<WorkflowAction>('acknowledge', 'dispatch', 'resolve', 'reopen'), {
    minLength: 1,
    maxLength: 6,
  });

  it('never changes a status a person set, whatever the engine sends after it (property)', () => {
    fc.assert(
      fc.property(peopleMoves, fc.array(engineEvent, { maxLength: 20 }), (moves, events) => {
        let alert = opened();
        let touched = false;
        moves.forEach((m, i) => {
          const r = act(alert, m, i + 1, { unit: '市住建局' });
          if ('refused' in r) return;
          alert = r;
          touched = true;
        });
        fc.pre(touched);
        const set = { status: alert.status, resolvedAt: alert.resolvedAt, workflow: alert.workflow };
        for (const e of events) {
          const t = T0 + e.minutes * 60_000;
          const figures = makeAlert('a-1', T0, { status: e.status, count: e.count, updatedAt: iso(t) });
          const next = mergeEngineEvent(alert, {
            type: e.type,
            alert: e.resolved ? { ...figures, resolvedAt: iso(t) } : figures,
          });
          expect(next.status).toBe(set.status);
          expect(next.resolvedAt).toBe(set.resolvedAt);
          expect(next.count).toBe(e.count); // the engine's figures always win
          const { quiet, ...people } = next.workflow;
          const { quiet: _before, ...peopleBefore } = set.workflow;
          expect(people).toEqual(peopleBefore);
          expect(quiet).toBe(alert.workflow.quiet || e.type === 'alert.resolved' || e.resolved);
          alert = next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('allows each action from exactly the statuses it lists', () => {
    const statuses: AlertStatus[] = ['open', 'acknowledged', 'dispatched', 'resolved'];
    for (const action of Object.keys(ALLOWED_FROM) as WorkflowAction[])
      for (const status of statuses) {
        const r = act({ ...opened(), status }, action, 1, { unit: '市住建局' });
        expect('refused' in r, `${action} from ${status}`).toBe(!ALLOWED_FROM[action].includes(status));
      }
  });
});

describe('near-duplicate report texts', () => {
  it('groups the same complaint told again, largest group first, keeping distinct ones apart', () => {
    const texts = [
      '锦城小区停水三天了，物业不管',
      '小区停电了，电梯困人',
      '锦城小区停水三天了物业不管！',
      '锦城小区已经停水三天了，物业不管',
    ].map((text, i) => ({ id: `r${i}`, text }));
    const groups = groupNearDuplicates(texts);
    expect(groups.map((g) => g.members.map((m) => m.id))).toEqual([['r0', 'r2', 'r3'], ['r1']]);
    expect(groups[0].first.text).toBe(texts[0].text);
  });
});
