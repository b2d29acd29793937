// Open alerts by level (red, orange, yellow, blue) and the newest of them. Data: GET
// /api/v1/alerts?status=open at start, then the feed's `alert` messages (an acknowledged or
// closed alert leaves the panel).
import { h, replace } from '../common/dom.js';
import { term } from '../common/i18n.js';
import { clock } from '../common/time.js';

const LEVELS = ['red', 'orange', 'yellow', 'blue'];
const SHOWN = 12;

export class AlertsPanel {
  constructor(el) {
    this.counts = h('div.levels');
    this.list = h('ul.alert-list');
    replace(el, this.counts, this.list);
  }

  render(state) {
    const { byLevel, list } = state.alertSummary();
    replace(this.counts, LEVELS.map((l) => h(`div.level.${l}`, { dataset: { level: l } },
      h('b', String(byLevel[l] || 0)), h('span', term('level', l)))));
    replace(this.list, list.slice(0, SHOWN).map((a) => h(`li.alert.${a.level}`, { dataset: { id: a.id } },
      h('span.time', clock(a.at)),
      h('span.kind', term('alert', a.kind)),
      h('span.msg', a.message))));
  }
}
