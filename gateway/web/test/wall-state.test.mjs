// The wall's state on its own (no browser): feed messages in, bounded lists out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_POINTS, MAX_STREAM, WallState } from '../src/wall/state.js';

const at = '2026-12-07T09:30:00.000+08:00';
const event = (id, type, status, extra = {}) => ({
  kind: 'case_event', case_id: id,
  event: { seq: 1, type, at, by: 'test', status, node: '370602001001' },
  case: { status, node: '370602001001', department: null, category: '0101', overdue: false, ...extra },
});
const state = () => new WallState((node) => (node ? [121.4, 37.54] : null));

test('a new case goes on the map at its node and on the stream', () => {
  const s = state();
  assert.deepEqual(s.apply(event('c1', 'reported', 'reported')), ['map', 'stream']);
  assert.deepEqual([s.cases.get('c1').lon, s.cases.get('c1').lat], [121.4, 37.54]);
  assert.equal(s.stream[0].id, 'c1');
});

test('later events update the point, a finished case leaves the map', () => {
  const s = state();
  s.apply(event('c1', 'reported', 'reported'));
  s.apply(event('c1', 'overdue', 'dispatched', { overdue: true }));
  assert.equal(s.cases.get('c1').overdue, true);
  s.apply(event('c1', 'closed', 'closed'));
  assert.equal(s.cases.has('c1'), false);
});

test('points and stream stay bounded, the oldest going first', () => {
  const s = state();
  for (let i = 0; i < MAX_POINTS + 50; i++) s.apply(event(`c${i}`, 'reported', 'reported'));
  assert.equal(s.cases.size, MAX_POINTS);
  assert.equal(s.cases.has('c0'), false);
  assert.equal(s.stream.length, MAX_STREAM);
  assert.equal(s.stream[0].id, `c${MAX_POINTS + 49}`);
});

test('open alerts are counted by level and leave when acknowledged', () => {
  const s = state();
  s.apply({ kind: 'alert', alert: { id: 'a1', level: 'red', status: 'open', at } });
  s.apply({ kind: 'alert', alert: { id: 'a2', level: 'yellow', status: 'open', kind: 'indicator_breach', at } });
  assert.deepEqual(s.alertSummary().byLevel, { red: 1, orange: 0, yellow: 1, blue: 0 });
  s.apply({ kind: 'alert', alert: { id: 'a1', level: 'red', status: 'acked', at } });
  assert.deepEqual(s.alertSummary().list.map((a) => a.id), ['a2']);
});

test('a listed case keeps its exact coordinates', () => {
  const s = state();
  s.addCase({ id: 'c9', status: 'dispatched', lat: 37.5, lon: 121.3, node: 'x', priority: 'urgent' });
  assert.deepEqual([s.cases.get('c9').lon, s.cases.get('c9').lat, s.cases.get('c9').urgent], [121.3, 37.5, true]);
  assert.equal(s.addCase({ id: 'c10', status: 'closed', lat: 1, lon: 1 }), false);
});
