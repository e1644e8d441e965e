// Small SVG line charts: x is seconds since the test started. No library: a chart is a few paths and ticks.
import { h } from './dom.js';

const W = 640, H = 230, L = 56, R = 12, T = 22, B = 30;

function niceStep(range, count) {
  const raw = range / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

function ticks(max, count) {
  if (!(max > 0)) return { top: 1, values: [0, 1] };
  const step = niceStep(max, count);
  const top = Math.ceil(max / step) * step;
  const values = [];
  for (let v = 0; v <= top + step / 2; v += step) values.push(Number(v.toPrecision(12)));
  return { top, values };
}

/**
 * series: [{ name, values: [[x, y], ...] }]; shade: [x0, x1] (the peak window); unit: label of the y axis; xUnit: of x.
 * Points with a null y are gaps (not measured).
 */
export function lineChart({ title, series, unit, shade, xMax, xUnit = 's', id }) {
  const xs = series.flatMap(s => s.values.map(p => p[0]));
  const ys = series.flatMap(s => s.values.map(p => p[1]).filter(y => y !== null && Number.isFinite(y)));
  const xTop = Math.max(xMax || 0, ...xs, 1);
  const y = ticks(Math.max(0, ...ys), 4);
  const x = ticks(xTop, 6);
  const px = v => L + (v / x.top) * (W - L - R);
  const py = v => H - B - (v / y.top) * (H - T - B);
  const svg = h('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': `${title}${ys.length === 0 ? ': no data yet' : ''}` });
  svg.append(h('title', {}, title));
  if (shade) {
    svg.append(h('rect', { class: 'peak', x: px(shade[0]), y: T, width: Math.max(1, px(shade[1]) - px(shade[0])), height: H - T - B },
      h('title', {}, 'peak window: the recommendation\'s numbers come from here')));
  }
  for (const v of y.values) {
    svg.append(h('line', { class: 'grid', x1: L, x2: W - R, y1: py(v), y2: py(v) }),
      h('text', { class: 'tick', x: L - 6, y: py(v) + 4, 'text-anchor': 'end' }, Number(v.toPrecision(6)).toLocaleString()));
  }
  for (const v of x.values) {
    svg.append(h('text', { class: 'tick', x: px(v), y: H - B + 16, 'text-anchor': 'middle' }, `${v}${xUnit}`));
  }
  svg.append(h('text', { class: 'unit', x: 4, y: 11 }, unit));
  series.forEach((s, i) => {
    let d = '';
    let pen = false;
    for (const [vx, vy] of s.values) {
      if (vy === null || !Number.isFinite(vy)) { pen = false; continue; }
      d += `${pen ? 'L' : 'M'}${px(vx).toFixed(1)},${py(vy).toFixed(1)}`;
      pen = true;
    }
    svg.append(h('path', { class: `line s${i}`, d }));
  });
  const legend = h('ul', { class: 'legend' }, series.map((s, i) => h('li', { class: `s${i}` }, s.name)));
  return h('figure', { class: 'chart-box', id }, h('figcaption', {}, title), svg, legend);
}
