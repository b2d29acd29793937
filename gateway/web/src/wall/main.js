// The wall screen (一屏通览): loads the city, the open cases, alerts, KPIs and vital signs, then
// follows the live feed. Feed messages are buffered by the Feed and applied in batches by one
// ticker (≈4 renders a second at most), so bursts of events never block the page.
import './wall.css';
import { Api } from '../common/api.js';
import { City } from '../common/city.js';
import { $, h, replace } from '../common/dom.js';
import { Feed } from '../common/feed.js';
import { t } from '../common/i18n.js';
import { Ticker } from '../common/ticker.js';
import { clock, day } from '../common/time.js';
import { loadToken } from '../common/token.js';
import { AlertsPanel } from './alerts-panel.js';
import { IndicatorsPanel } from './indicators-panel.js';
import { KpiPanel } from './kpi-panel.js';
import { MapPanel } from './map-panel.js';
import { ScenarioPanel } from './scenario-panel.js';
import { WallState } from './state.js';
import { StreamPanel } from './stream-panel.js';
import { TrendPanel } from './trend-panel.js';

const LOAD_PAGES = 5; // at most 5 × 200 of today's cases at start; the feed brings the rest
const REFRESH_MS = { load: 15000, kpi: 60000, indicators: 30000, scenarios: 60000 };

function fitToWindow() {
  const scale = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  document.body.style.setProperty('--scale', String(scale));
}

async function loadCases(api, state, query) {
  let cursor = null;
  for (let page = 0; page < LOAD_PAGES; page++) {
    const res = await api.cases({ ...query, limit: 200, cursor });
    for (const c of res.items) state.addCase(c);
    cursor = res.next_cursor;
    if (!cursor) break;
  }
}

async function main() {
  fitToWindow();
  window.addEventListener('resize', fitToWindow);
  const token = loadToken();
  if (!token) {
    replace($('#wall'), h('div.no-token', '请以 /wall.html#token=令牌 打开大屏'));
    return;
  }
  const api = new Api(token);
  const [city, cats] = await Promise.all([City.load(api), api.categories().catch(() => ({ items: [] }))]);
  const categories = new Map(cats.items.map((c) => [c.code, c.name]));
  $('#city-name').textContent = (city.root ? city.root.name : '') + t('wall.title');
  document.title = $('#city-name').textContent;

  const state = new WallState((node) => city.position(node));
  const map = new MapPanel($('#map'), city);
  const stream = new StreamPanel($('#stream'), city, categories);
  const alerts = new AlertsPanel($('#alerts'));
  const kpi = new KpiPanel($('#kpi'));
  const trends = new TrendPanel($('#trends'));
  const indicators = new IndicatorsPanel($('#indicators'));
  const scenarios = new ScenarioPanel($('#scenario-box'), $('#scenario'));

  const feedStatus = $('#feed-status');
  const feed = new Feed(token, {
    onStatus: (s) => {
      feedStatus.textContent = t(`feed.${s}`);
      feedStatus.dataset.state = s;
    },
  });
  const ticker = new Ticker(250);
  let rateWindow = { at: performance.now(), events: 0, rate: 0 };
  ticker.each(() => {
    for (const m of feed.drain()) {
      const changed = state.apply(m);
      ticker.mark(...changed);
      if (m.kind === 'kpi' && !m.department) {
        kpi.set(m.kpi);
        trends.setToday(m.date, m.kpi);
        ticker.mark('trends');
      }
      if (changed.includes('indicators')) refresh.indicators();
    }
    const now = performance.now();
    if (now - rateWindow.at >= 1000) {
      rateWindow = { at: now, events: state.events, rate: ((state.events - rateWindow.events) * 1000) / (now - rateWindow.at) };
      $('#rate').textContent = rateWindow.rate.toFixed(0);
      $('#clock').textContent = clock(Date.now());
    }
  });
  // The map redraws at most twice a second; the lists at the ticker's pace.
  let lastMap = 0;
  ticker
    .on('map', () => {
      const now = performance.now();
      if (now - lastMap < 500) { ticker.mark('map'); return; }
      lastMap = now;
      map.render(state);
      $('#map-count').textContent = String(state.cases.size);
    })
    .on('stream', () => stream.render(state))
    .on('alerts', () => alerts.render(state))
    .on('kpi', () => kpi.render())
    .on('trends', () => trends.render())
    .on('indicators', () => indicators.render())
    .on('scenarios', () => scenarios.render());

  // Periodic reads, each coalesced: one request of a kind at a time.
  const once = (fn) => {
    let running = null;
    return () => (running ||= fn().catch(() => {}).finally(() => { running = null; }));
  };
  const refresh = {
    load: once(async () => {
      const q = (metric) => api.ranking({ of: 'districts', metric, order: 'worst', limit: 100 });
      const [open, overdue] = await Promise.all([q('open_now'), q('overdue_now')]);
      map.setLoad(open.items, overdue.items);
    }),
    kpi: once(async () => {
      const res = await api.kpi({ scope: 'city', from: day(6), to: day(0), by: 'day' });
      trends.set(res.series);
      const today = res.series[res.series.length - 1];
      kpi.set({ ...(today ? today.kpi : {}), open_now: res.total.open_now, overdue_now: res.total.overdue_now });
      ticker.mark('kpi', 'trends');
    }),
    indicators: once(async () => {
      const [alarm, warning] = await Promise.all([
        api.indicators({ state: 'alarm' }), api.indicators({ state: 'warning' }),
      ]);
      indicators.set(alarm.items, warning.items);
      ticker.mark('indicators');
    }),
    scenarios: once(async () => {
      scenarios.set(await api.scenarios().catch(() => null));
      ticker.mark('scenarios');
    }),
  };
  for (const [name, fn] of Object.entries(refresh)) {
    fn();
    setInterval(fn, REFRESH_MS[name]);
  }

  // The feed first (nothing committed after `subscribed` is missed), then what is already open.
  feed.open();
  const openAlerts = await api.alerts({ status: 'open', limit: 500 }).catch(() => ({ items: [] }));
  for (const a of openAlerts.items.reverse()) state.alert(a);
  await Promise.all([
    loadCases(api, state, { from: day(0) }).catch(() => {}),
    loadCases(api, state, { overdue: 'true' }).catch(() => {}),
  ]);
  ticker.mark('map', 'stream', 'alerts');
  ticker.start();
  window.cityopsWall = { state, feed, ticker, charts: { map: map.chart, trends: trends.charts }, ready: true };
}

main().catch((e) => {
  console.error(e);
  replace($('#wall'), h('div.no-token', `加载失败：${e.message}`));
});
