// A case's whole history as a timeline, oldest first: what happened, when, by whom, where it
// was held and, per event type, the ring climbed, the result, the reason or the new category.
import { h } from '../common/dom.js';
import { t, term } from '../common/i18n.js';
import { dateTime } from '../common/time.js';

function details(e, city, names) {
  const parts = [];
  if (e.type === 'escalated') {
    if (e.ring && e.ring !== 'none') parts.push(term('ring', e.ring));
    if (e.from || e.to) parts.push(`${city.name(e.from)} → ${city.name(e.to)}`);
  }
  if (e.category) parts.push(`${t('case.category')}: ${names.category(e.category)}`);
  if (e.department) parts.push(`${t('case.department')}: ${names.department(e.department)}`);
  if (e.result) parts.push(e.result);
  if (e.passed !== undefined && e.passed !== null) parts.push(e.passed ? '✓' : '✗');
  if (e.satisfaction) parts.push(`★${e.satisfaction}`);
  if (e.into) parts.push(`→ ${e.into}`);
  if (e.until) parts.push(`→ ${dateTime(e.until)}`);
  if (e.deadline && (e.type === 'reported' || e.type === 'extended' || e.type === 'reopened')) {
    parts.push(`${t('case.deadline')}: ${dateTime(e.deadline)}`);
  }
  if (e.supervisor_node) parts.push(city.name(e.supervisor_node));
  return parts;
}

export function timeline(history, city, names) {
  return h('ol.timeline', history.map((e) => h('li.tl-item', {
    class: `ev-${e.type}`,
    dataset: { seq: e.seq, type: e.type },
  },
  h('div.tl-head',
    h('b.tl-type', term('event', e.type)),
    h('span.tl-at', dateTime(e.at)),
    h('span.tl-by', e.by || ''),
    h('span.tl-status', term('status', e.status))),
  h('div.tl-body',
    h('span.tl-node', city.name(e.node)),
    ...details(e, city, names).map((p) => h('span.tl-detail', p)),
    e.reason ? h('q.tl-reason', e.reason) : null))));
}
