// The city's vital signs in alarm or warning (城市体征): GET /api/v1/indicators?state=alarm and
// ?state=warning, refreshed on a timer and when the feed carries an indicator alert.
import { h, replace } from '../common/dom.js';
import { t, term } from '../common/i18n.js';

export class IndicatorsPanel {
  constructor(el) {
    this.el = el;
    this.items = [];
  }

  set(alarm, warning) {
    this.items = [...alarm, ...warning];
  }

  render() {
    if (!this.items.length) {
      replace(this.el, h('div.empty', t('common.none')));
      return;
    }
    replace(this.el, this.items.slice(0, 10).map((i) => h(`div.indicator.${i.state}`, { dataset: { id: i.id } },
      h('span.state', term('state', i.state)),
      h('span.name', i.name),
      h('span.value', i.latest ? `${i.latest.value} ${i.unit || ''}` : '—'),
      h('span.domain', i.domain_name || i.domain))));
  }
}
