// A small map to pick a report's location by clicking: the district map when the service has
// one (GET /api/v1/city/map), else longitude/latitude axes over the city's nodes. Calls
// `onPick([lon, lat])` and marks the point.
import { chartIn } from '../common/echarts.js';

export class LocationPicker {
  constructor(el, city, onPick) {
    this.city = city;
    this.chart = chartIn(el);
    const marker = { id: 'picked', type: 'effectScatter', symbolSize: 12, itemStyle: { color: '#d9502f' }, data: [] };
    if (city.hasMap) {
      this.finder = { geoIndex: 0 };
      this.chart.setOption({
        geo: {
          map: 'city', nameProperty: 'code', roam: true,
          label: { show: true, fontSize: 10, formatter: (p) => city.regionNames.get(p.name) || p.name },
          itemStyle: { areaColor: '#e8f1fa', borderColor: '#6b8fb3' },
          emphasis: { itemStyle: { areaColor: '#cfe3f7' } },
        },
        series: [{ ...marker, coordinateSystem: 'geo' }],
      });
    } else {
      const b = city.bounds || { minLon: 120, maxLon: 122, minLat: 36, maxLat: 38 };
      this.finder = { gridIndex: 0 };
      this.chart.setOption({
        grid: { left: 40, right: 10, top: 10, bottom: 25 },
        xAxis: { type: 'value', min: b.minLon, max: b.maxLon, scale: true },
        yAxis: { type: 'value', min: b.minLat, max: b.maxLat, scale: true },
        series: [
          { type: 'scatter', symbolSize: 8, itemStyle: { color: '#6b8fb3' },
            data: city.districts.map((d) => ({ name: d.name, value: [d.lon, d.lat] })),
            label: { show: true, formatter: '{b}', position: 'right', fontSize: 10 } },
          marker,
        ],
      });
    }
    this.chart.getZr().on('click', (e) => {
      const p = this.chart.convertFromPixel(this.finder, [e.offsetX, e.offsetY]);
      if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return;
      const pos = [+p[0].toFixed(6), +p[1].toFixed(6)];
      this.mark(pos);
      onPick(pos);
    });
  }

  mark(pos) {
    this.chart.setOption({ series: [{ id: 'picked', data: pos ? [pos] : [] }] });
  }

  resize() {
    this.chart.resize();
  }
}
