// The wall screen in Chromium against cityopsd serving the built app: opened with #token=,
// cases posted through the API appear on the map (the ECharts instance's series data) and in
// the live stream, a risk report's alert in the alerts panel, today's KPI card counts them,
// and a burst of feed messages is absorbed in batches with the lists kept bounded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN_TOKEN, launchBrowser, requirePrerequisites, screenshot, startService, watchErrors } from './harness.mjs';

requirePrerequisites();

let service;
let browser;
let page;
let errors;

before(async () => {
  [service, browser] = await Promise.all([startService(), launchBrowser()]);
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  errors = watchErrors(page);
});

after(async () => {
  await browser?.close();
  await service?.stop();
});

const casesOnMap = (ids) => page.waitForFunction((wanted) => {
  const w = window.cityopsWall;
  if (!w) return false;
  const series = w.charts.map.getOption().series.find((s) => s.id === 'cases');
  const names = new Set(series.data.map((d) => d.name));
  return wanted.every((id) => names.has(id));
}, ids, { timeout: 20000 });

test('the wall opens with the token from the fragment and keeps it out of the address', async () => {
  await page.goto(`${service.base}/wall.html#token=${ADMIN_TOKEN}`);
  await page.waitForFunction(() => window.cityopsWall && window.cityopsWall.ready);
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('cityops.token')), ADMIN_TOKEN);
  await page.locator('#feed-status[data-state=open]').waitFor();
  const title = await page.locator('#city-name').textContent();
  assert.match(title, /烟台市/);
});

test('posted cases appear on the map at their place and in the live stream', async () => {
  const reports = [
    { source: 'hotline', text: '小区门口路灯不亮已经一周了', lat: 37.5405, lon: 121.3995 },
    { source: 'grid', text: '人行道上有井盖缺失，存在安全隐患', lat: 37.5021, lon: 121.2712 },
    { source: 'hotline', text: '楼下饭店油烟扰民，晚上噪音很大', lat: 37.3912, lon: 121.6015 },
  ];
  const ids = [];
  for (const r of reports) ids.push((await service.api.post('/cases', r)).id);
  await casesOnMap(ids);
  const points = await page.evaluate((wanted) => {
    const series = window.cityopsWall.charts.map.getOption().series.find((s) => s.id === 'cases');
    return wanted.map((id) => series.data.find((d) => d.name === id).value);
  }, ids);
  points.forEach(([lon, lat], i) => {
    // Placed at the report's community: within a few kilometres of the reported point.
    assert.ok(Math.abs(lon - reports[i].lon) < 0.1 && Math.abs(lat - reports[i].lat) < 0.1, `${ids[i]} at ${lon},${lat}`);
  });
  for (const id of ids) await page.locator(`#stream li[data-case="${id}"]`).first().waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-kpi=reported] b').textContent) >= 3, null, { timeout: 20000 });
});

test('a report with a risk word raises an alert on the alerts panel', async () => {
  const c = await service.api.post('/cases', { source: 'hotline', text: '拖欠工资三个月，再不解决我就去跳楼', node: '370602' });
  await page.locator(`#alerts li.alert[data-id="${c.id}-w"]`).waitFor({ timeout: 20000 });
  const red = await page.locator('#alerts .level[data-level] b').allTextContents();
  assert.ok(red.map(Number).reduce((a, b) => a + b, 0) >= 1);
  await screenshot(page, 'wall');
});

test('a burst of feed messages is applied in batches and the lists stay bounded', async () => {
  const result = await page.evaluate(async () => {
    const w = window.cityopsWall;
    const framesBefore = w.ticker.frames;
    const at = new Date().toISOString();
    for (let i = 0; i < 5000; i++) {
      const id = `3706-20990101-${String(i).padStart(6, '0')}`;
      w.feed.buffer.push(JSON.stringify({
        kind: 'case_event', case_id: id,
        event: { seq: 1, type: 'reported', at, by: 'burst', status: 'reported', node: '370602' },
        case: { status: 'reported', node: '370602', department: null, category: null, overdue: false },
      }));
    }
    const last = '3706-20990101-004999';
    await new Promise((resolve) => {
      const check = () => (document.querySelector(`#stream li[data-case="${last}"]`) ? resolve() : requestAnimationFrame(check));
      check();
    });
    return {
      frames: w.ticker.frames - framesBefore,
      stream: document.querySelectorAll('#stream li').length,
      points: w.state.cases.size,
    };
  });
  assert.ok(result.frames <= 20, `5000 messages took ${result.frames} ticks`);
  assert.ok(result.stream <= 40, `stream holds ${result.stream}`);
  assert.ok(result.points <= 3000, `map holds ${result.points}`);
  assert.deepEqual(errors, []);
});
