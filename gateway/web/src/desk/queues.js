// The operator's queues at its node (GET /api/v1/cases with `node` = the operator's, which the
// API also enforces): cases needing classification, reported cases waiting for the seat's
// confirmation, accepted cases waiting for dispatch, and overdue ones. Urgent cases first, then
// the others; oldest first within each.
import { h, replace } from '../common/dom.js';
import { t, term } from '../common/i18n.js';
import { dateTime } from '../common/time.js';
import { errorText } from './actions.js';

const QUEUES = [
  ['needs_classification', { needs_classification: 'true' }],
  ['reported', { status: 'reported' }],
  ['accepted', { status: 'accepted' }],
  ['overdue', { overdue: 'true' }],
];

export class Queues {
  constructor(el, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.boxes = new Map();
    const refresh = h('button.refresh', { onclick: () => this.load() }, t('queue.refresh'));
    const grid = h('div.queues');
    for (const [name] of QUEUES) {
      const list = h('ul.queue-list');
      const count = h('span.count', '0');
      grid.append(h('section.queue', { dataset: { queue: name } }, h('h3', t(`queue.${name}`), ' ', count), list));
      this.boxes.set(name, { list, count });
    }
    replace(el, refresh, grid);
  }

  async load() {
    const { api, session, names } = this.ctx;
    await Promise.all(QUEUES.map(async ([name, filter]) => {
      const box = this.boxes.get(name);
      try {
        const query = { ...filter, node: session.node || undefined, limit: 50 };
        const [urgent, res] = await Promise.all([api.cases({ ...query, priority: 'urgent' }), api.cases(query)]);
        const first = new Set(urgent.items.map((c) => c.id));
        const items = [...urgent.items, ...res.items.filter((c) => !first.has(c.id))];
        box.count.textContent = String(res.items.length) + (res.next_cursor ? '+' : '');
        replace(box.list, items.length ? items.map((c) => h('li.queue-item', { dataset: { case: c.id, priority: c.priority } },
          h('a', { href: `#/case/${c.id}` }, c.id),
          h('span.status', term('status', c.status)),
          h('span.cat', names.category(c.category || (c.classification && c.classification.category))),
          h('span.text', c.text.slice(0, 40)),
          h('span.time', dateTime(c.created_at)))) : h('li.empty', t('queue.empty')));
      } catch (e) {
        replace(box.list, h('li.outcome.error', errorText(e)));
      }
    }));
  }
}
