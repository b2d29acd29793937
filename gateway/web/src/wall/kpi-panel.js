// Today's KPI cards of the city: from GET /api/v1/kpi (today's period of the 7-day series,
// `open_now`/`overdue_now` from its total) at start, then the feed's `kpi` messages (≤ 1/s).
import { h, replace } from '../common/dom.js';
import { t } from '../common/i18n.js';
import { percent } from '../common/time.js';

const CARDS = [
  ['reported', (k) => k.reported],
  ['open_now', (k) => k.open_now],
  ['overdue_now', (k) => k.overdue_now, 'warn'],
  ['closed', (k) => k.closed],
  ['on_time_rate', (k) => percent(k.rates && k.rates.on_time_rate)],
  ['return_rate', (k) => percent(k.rates && k.rates.return_rate)],
  ['satisfaction_rate', (k) => percent(k.rates && k.rates.satisfaction_rate)],
];

export class KpiPanel {
  constructor(el) {
    this.el = el;
    this.today = null;
  }

  set(kpi) {
    this.today = { ...this.today, ...kpi };
  }

  render() {
    const k = this.today || {};
    replace(this.el, CARDS.map(([key, value, cls]) => {
      const v = value(k);
      return h('div.card', { class: cls || '', dataset: { kpi: key } },
        h('b', v === undefined || v === null ? '—' : String(v)), h('span', t(`kpi.${key}`)));
    }));
  }
}
