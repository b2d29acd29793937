// Open alerts in the caller's scope (GET /api/v1/alerts?status=open), each with its
// acknowledge button (POST /api/v1/alerts/{id}/ack) and the answer or error beside it.
import { h, replace } from '../common/dom.js';
import { t, term } from '../common/i18n.js';
import { dateTime } from '../common/time.js';
import { errorText, perform } from './actions.js';

export class AlertsView {
  constructor(el, ctx) {
    this.el = el;
    this.ctx = ctx;
  }

  async load() {
    let res;
    try {
      res = await this.ctx.api.alerts({ status: 'open', limit: 100 });
    } catch (e) {
      replace(this.el, h('div.outcome.error', errorText(e)));
      return;
    }
    if (!res.items.length) {
      replace(this.el, h('div.empty', t('alerts.empty')));
      return;
    }
    replace(this.el, h('ul.desk-alerts', res.items.map((a) => {
      const out = h('span.outcome');
      const ack = h('button', { dataset: { action: 'ack' } }, t('action.ack'));
      ack.addEventListener('click', () => perform(ack, out, () => this.ctx.api.ackAlert(a.id), () => { ack.remove(); }));
      return h(`li.desk-alert.${a.level}`, { dataset: { id: a.id } },
        h('span.level', term('level', a.level)),
        h('span.kind', term('alert', a.kind)),
        h('span.msg', a.message),
        a.case_id ? h('a', { href: `#/case/${a.case_id}` }, a.case_id) : null,
        h('span.time', dateTime(a.at)), ack, out);
    })));
  }
}
