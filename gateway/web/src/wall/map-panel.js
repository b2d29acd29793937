// The district map: districts coloured by their open cases (and named with their overdue
// ones), the live cases as points by longitude/latitude — overdue ones red and rippling.
// Data: GET /api/v1/city/map (regions), GET /api/v1/kpi/ranking?of=districts (load), the
// wall state (points). Without the map route the points go on plain lon/lat axes.
import { chartIn } from '../common/echarts.js';

const STATUS_COLOURS = {
  reported: '#5ab1ef', verified: '#5ab1ef', accepted: '#2ec7c9', dispatched: '#b6a2de',
  returned: '#ffb980', escalated: '#ffb980', in_progress: '#97b552', handled: '#97b552',
  inspected: '#97b552',
};

export class MapPanel {
  constructor(el, city) {
    this.city = city;
    this.chart = chartIn(el);
    this.load = new Map(); // district id → {open, overdue}
    this.chart.setOption(this.baseOption());
  }

  baseOption() {
    const c = this.city;
    const tooltip = {
      trigger: 'item',
      formatter: (p) => {
        if (p.seriesId === 'districts') {
          const l = this.load.get(p.name) || { open: 0, overdue: 0 };
          return `${c.regionNames?.get(p.name) || c.name(p.name)}<br>在办 ${l.open} · 超期 ${l.overdue}`;
        }
        if (p.data && p.data.name) return `${p.data.name}<br>${c.name(p.data.node)}`;
        return p.name;
      },
    };
    if (c.hasMap) {
      return {
        backgroundColor: 'transparent',
        tooltip,
        geo: {
          map: 'city', nameProperty: 'code', roam: true, zoom: 1.1,
          label: { show: true, color: '#9fc3e7', fontSize: 12, formatter: (p) => c.regionNames.get(p.name) || p.name },
          itemStyle: { areaColor: '#0d2a4a', borderColor: '#3fa7dc', borderWidth: 1 },
          emphasis: { itemStyle: { areaColor: '#1b4f7a' }, label: { color: '#fff' } },
        },
        visualMap: {
          seriesIndex: 0, min: 0, max: 10, calculable: false, left: 20, bottom: 20,
          text: ['在办多', '少'], textStyle: { color: '#9fc3e7' },
          inRange: { color: ['#0d2a4a', '#1f5f8b', '#d6a23a', '#d9502f'] },
        },
        series: [
          { id: 'districts', type: 'map', geoIndex: 0, data: [] },
          this.pointSeries('cases', 'geo'),
          this.overdueSeries('geo'),
          {
            // The development zones: points of the map, sized by their open cases.
            id: 'zones', type: 'scatter', coordinateSystem: 'geo', symbol: 'diamond', symbolSize: 12,
            itemStyle: { color: 'rgba(255,185,128,0.6)', borderColor: '#ffb980' },
            label: { show: true, position: 'right', color: '#ffb980', fontSize: 11, formatter: (p) => p.data.label },
            data: (c.zones || []).map((z) => ({ name: z.code, label: z.name, value: z.value })),
          },
        ],
      };
    }
    const b = c.bounds || { minLon: 120, maxLon: 122, minLat: 36, maxLat: 38 };
    const axis = (min, max) => ({
      type: 'value', min, max, show: false, scale: true,
    });
    return {
      backgroundColor: 'transparent',
      tooltip,
      grid: { left: 10, right: 10, top: 10, bottom: 10 },
      xAxis: axis(b.minLon, b.maxLon),
      yAxis: axis(b.minLat, b.maxLat),
      series: [
        {
          id: 'districts', type: 'scatter', symbolSize: (v) => 20 + Math.min(60, v[2] * 2),
          itemStyle: { color: 'rgba(63,167,220,0.25)', borderColor: '#3fa7dc' },
          label: { show: true, formatter: (p) => c.name(p.name), color: '#9fc3e7' },
          data: [],
        },
        this.pointSeries('cases', 'cartesian2d'),
        this.overdueSeries('cartesian2d'),
      ],
    };
  }

  pointSeries(id, coordinateSystem) {
    return {
      id, name: '案件', type: 'scatter', coordinateSystem, symbolSize: 7, large: true,
      largeThreshold: 2000, progressive: 0, animation: false,
      itemStyle: { color: (p) => STATUS_COLOURS[p.data.status] || '#5ab1ef', opacity: 0.85 },
      data: [],
    };
  }

  overdueSeries(coordinateSystem) {
    return {
      id: 'overdue', name: '超期', type: 'effectScatter', coordinateSystem, symbolSize: 8,
      rippleEffect: { scale: 3, brushType: 'stroke' }, itemStyle: { color: '#ff4d4f' },
      animation: false, data: [],
    };
  }

  setLoad(open, overdue) {
    this.load.clear();
    for (const it of open) this.load.set(it.id, { open: it.value || 0, overdue: 0 });
    for (const it of overdue) {
      const l = this.load.get(it.id) || { open: 0, overdue: 0 };
      l.overdue = it.value || 0;
      this.load.set(it.id, l);
    }
    const max = Math.max(10, ...[...this.load.values()].map((l) => l.open));
    if (this.city.hasMap) {
      const zones = (this.city.zones || []).map((z) => {
        const l = this.load.get(z.code) || { open: 0 };
        return { name: z.code, label: `${z.name} ${l.open}`, value: z.value, symbolSize: 10 + Math.min(30, l.open) };
      });
      this.chart.setOption({
        visualMap: { max },
        series: [
          // Every region, so one without open cases takes the scale's lowest colour.
          { id: 'districts', data: [...this.city.regionNames.keys()].map((id) => ({ name: id, value: (this.load.get(id) || { open: 0 }).open })) },
          { id: 'zones', data: zones },
        ],
      });
    } else {
      const data = [];
      for (const [id, l] of this.load) {
        const pos = this.city.position(id);
        if (pos) data.push({ name: id, value: [pos[0], pos[1], l.open] });
      }
      this.chart.setOption({ series: [{ id: 'districts', data }] });
    }
  }

  // The wall state's cases as the two point series.
  render(state) {
    const points = [];
    const overdue = [];
    for (const c of state.cases.values()) {
      const d = { name: c.id, value: [c.lon, c.lat], status: c.status, node: c.node };
      points.push(d);
      if (c.overdue || c.urgent) overdue.push(d);
    }
    this.chart.setOption({ series: [{ id: 'cases', data: points }, { id: 'overdue', data: overdue }] });
  }
}
