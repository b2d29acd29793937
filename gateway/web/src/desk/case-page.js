// One case: its facts, what intake made of it, the whole history as a timeline, the moves the
// caller may make (dispatch with the suggestions of GET …/dispatch-suggestions) and closed
// cases like it (GET …/similar).
import { h, replace } from '../common/dom.js';
import { t, term } from '../common/i18n.js';
import { dateTime } from '../common/time.js';
import { actionsPanel, errorText } from './actions.js';
import { timeline } from './timeline.js';

function fact(label, value, key) {
  return h('div.fact', { dataset: { fact: key } }, h('span', label), h('b', value || '—'));
}

export class CasePage {
  constructor(el, ctx) {
    this.el = el;
    this.ctx = ctx;
    this.input = h('input#case-id', { placeholder: '3706-YYYYMMDD-NNNNNN' });
    const go = h('button', t('case.go'));
    const form = h('form.lookup', { onsubmit: (e) => { e.preventDefault(); this.ctx.open(this.input.value.trim()); } },
      h('label', t('case.lookup')), this.input, go);
    this.body = h('div.case-body');
    replace(el, form, this.body);
    this.id = null;
    this.version = 0; // of the case on screen
  }

  async show(id) {
    if (id !== this.id) this.version = 0;
    this.id = id;
    this.input.value = id || '';
    if (!id) { replace(this.body); return; }
    replace(this.body, h('div.empty', t('common.loading')));
    const { api } = this.ctx;
    let c;
    try {
      c = await api.caseById(id);
    } catch (e) {
      replace(this.body, h('div.outcome.error', errorText(e)));
      return;
    }
    if (this.id !== id) return;
    let suggestions = null;
    if (['accepted', 'returned', 'escalated'].includes(c.status) && c.category) {
      suggestions = await api.dispatchSuggestions(id).then((r) => r.items, () => null);
    }
    const similar = await api.similar(id, 5).then((r) => r.items, () => []);
    if (this.id !== id) return;
    this.version = c.version;
    this.render(c, suggestions, similar);
  }

  render(c, suggestions, similar) {
    const { city, names } = this.ctx;
    const badges = [
      c.overdue ? h('span.badge.red', t('case.overdue')) : null,
      c.priority === 'urgent' ? h('span.badge.orange', t('case.urgent')) : null,
      c.risk ? h('span.badge.red', `${t('case.risk')}: ${c.risk.class_name}`) : null,
      c.possible_duplicate_of ? h('a.badge.blue', { href: `#/case/${c.possible_duplicate_of}` }, t('case.possibleDuplicate', { id: c.possible_duplicate_of })) : null,
    ];
    replace(this.body,
      h('header.case-head', h('h2#case-title', c.id), h('span.status', { dataset: { status: c.status } }, term('status', c.status)), badges),
      h('div.facts',
        fact(t('case.category'), names.category(c.category), 'category'),
        fact(t('case.department'), names.department(c.department), 'department'),
        fact(t('case.node'), city.name(c.node), 'node'),
        fact(t('case.deadline'), dateTime(c.deadline), 'deadline'),
        fact(t('case.source'), term('source', c.source), 'source'),
        fact(t('intake.address'), c.address, 'address')),
      h('p.case-text', c.text),
      h('div.case-columns',
        h('section.case-history', h('h3', t('case.history')), timeline(c.history || [], city, names)),
        h('section.case-side',
          h('h3', t('case.actions')),
          actionsPanel(this.ctx, c, suggestions, () => this.show(c.id)),
          similar.length ? h('h3', t('case.similar')) : null,
          similar.length ? h('ul.similar', similar.map((s) => h('li', h('a', { href: `#/case/${s.id}` }, s.id), ` ${names.category(s.category)} — ${s.result || ''}`))) : null)));
  }
}
