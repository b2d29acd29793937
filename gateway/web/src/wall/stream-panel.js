// The live case stream: the latest case events from the feed, newest on top (bounded by the
// wall state). Each line: time, case id, what happened, where, and the case's category.
import { h, replace } from '../common/dom.js';
import { term } from '../common/i18n.js';
import { clock } from '../common/time.js';

export class StreamPanel {
  constructor(el, city, categories) {
    this.el = el;
    this.city = city;
    this.categories = categories;
  }

  render(state) {
    replace(this.el, state.stream.map((s) => h('li.stream-item', {
      class: s.overdue ? 'overdue' : s.type === 'reported' ? 'new' : '',
      dataset: { case: s.id, type: s.type },
    },
    h('span.time', clock(s.at)),
    h('span.event', term('event', s.type)),
    h('span.case', s.id.replace(/^\d+-/, '')),
    h('span.where', this.city.name(s.node)),
    h('span.cat', this.categories.get(s.category) || ''))));
  }
}
