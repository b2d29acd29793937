// Seven-day trends of the city: intake (受理量), 按期结案率, 退单率 and 满意率, one small chart
// each, from GET /api/v1/kpi?scope=city&by=day over the last 7 days (today updated live).
import { chartIn } from '../common/echarts.js';
import { h } from '../common/dom.js';
import { t } from '../common/i18n.js';

const TRENDS = [
  ['reported', (k) => k.reported, false, 'bar'],
  ['on_time_rate', (k) => rate(k, 'on_time_rate'), true, 'line'],
  ['return_rate', (k) => rate(k, 'return_rate'), true, 'line'],
  ['satisfaction_rate', (k) => rate(k, 'satisfaction_rate'), true, 'line'],
];

function rate(k, name) {
  const r = k.rates && k.rates[name];
  return r && r.value !== null && r.value !== undefined ? +(r.value * 100).toFixed(1) : null;
}

export class TrendPanel {
  constructor(el) {
    this.charts = TRENDS.map(([key, , pct, type]) => {
      const box = h('div.trend', h('div.trend-title', t(key === 'reported' ? 'trend.reported' : `kpi.${key}`)), h('div.trend-chart'));
      el.append(box);
      const chart = chartIn(box.lastChild);
      chart.setOption({
        grid: { left: 40, right: 10, top: 10, bottom: 22 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: [], axisLabel: { color: '#7fa3c6', fontSize: 10 }, axisLine: { lineStyle: { color: '#2b4f73' } } },
        yAxis: {
          type: 'value', min: pct ? 0 : undefined, max: pct ? 100 : undefined,
          axisLabel: { color: '#7fa3c6', fontSize: 10, formatter: pct ? '{value}%' : '{value}' },
          splitLine: { lineStyle: { color: '#17324f' } },
        },
        series: [{ id: key, type, data: [], smooth: true, connectNulls: true, itemStyle: { color: '#3fa7dc' }, areaStyle: type === 'line' ? { opacity: 0.15 } : undefined }],
      });
      return chart;
    });
    this.series = [];
  }

  // `series` as GET /api/v1/kpi answers it: [{period, kpi}] oldest first.
  set(series) {
    this.series = series.map((p) => ({ period: p.period, kpi: p.kpi }));
  }

  // Today's figures from the feed replace the last period's.
  setToday(date, kpi) {
    const last = this.series[this.series.length - 1];
    if (last && last.period === date) last.kpi = kpi;
  }

  render() {
    const labels = this.series.map((p) => p.period.slice(5));
    TRENDS.forEach(([key, value], i) => {
      this.charts[i].setOption({ xAxis: { data: labels }, series: [{ id: key, data: this.series.map((p) => value(p.kpi)) }] });
    });
  }
}

