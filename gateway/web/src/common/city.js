// The city as the pages draw it: the tier nodes (for names and coordinates of cases the feed
// announces by node) and the district map (GET /api/v1/city/map, registered with ECharts as
// "city"). Without a map route the pages fall back to plotting on longitude/latitude axes.
import echarts from './echarts.js';

export class City {
  constructor() {
    this.nodes = new Map();
    this.districts = [];
    this.root = null;
    this.hasMap = false;
    this.bounds = null;
  }

  static async load(api) {
    const city = new City();
    const [nodes, map] = await Promise.all([
      api.nodes().catch(() => ({ items: [] })),
      api.cityMap().catch(() => null),
    ]);
    for (const n of nodes.items || []) {
      city.nodes.set(n.id, n);
      if (n.tier === 'city' && !city.root) city.root = n;
      if (n.tier === 'district') city.districts.push(n);
    }
    if (map && Array.isArray(map.features) && map.features.length) {
      // Only areas are regions; the map's points (development zones) are drawn as labels.
      const areas = map.features.filter((f) => f.geometry && /Polygon/.test(f.geometry.type));
      const points = map.features.filter((f) => f.geometry && f.geometry.type === 'Point');
      echarts.registerMap('city', { type: 'FeatureCollection', features: areas });
      city.hasMap = true;
      city.zones = points.map((f) => ({
        name: f.properties.name,
        code: f.properties.code,
        value: f.geometry.coordinates,
      }));
      city.regionNames = new Map(areas.map((f) => [String(f.properties.code), f.properties.name]));
    }
    city.bounds = boundsOf([...city.nodes.values()]);
    return city;
  }

  name(id) {
    const n = this.nodes.get(id);
    return n ? n.name : id || '';
  }

  // [lon, lat] of a node, or of its nearest ancestor that has coordinates.
  position(id) {
    for (let n = this.nodes.get(id); n; n = this.nodes.get(n.parent)) {
      if (n.lat || n.lon) return [n.lon, n.lat];
    }
    return null;
  }

  // The district a node lies in (itself when it is one).
  districtOf(id) {
    for (let n = this.nodes.get(id); n; n = this.nodes.get(n.parent)) {
      if (n.tier === 'district') return n.id;
    }
    return null;
  }
}

function boundsOf(nodes) {
  const pts = nodes.filter((n) => n.lat || n.lon);
  if (!pts.length) return null;
  const lons = pts.map((n) => n.lon);
  const lats = pts.map((n) => n.lat);
  return { minLon: Math.min(...lons), maxLon: Math.max(...lons), minLat: Math.min(...lats), maxLat: Math.max(...lats) };
}
