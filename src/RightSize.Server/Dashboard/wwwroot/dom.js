// A tiny element builder: h('p', {class: 'x'}, 'text', child). Text is always set as text, never parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'g', 'path', 'line', 'rect', 'text', 'polyline', 'title'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

// The read API writes ISO 8601; SageMaker's shapes (Describe) write epoch seconds.
export const toDate = t => (typeof t === 'number' ? new Date(t * 1000) : new Date(t));

// One formatter each (toLocaleString with options builds a new one per call, a millisecond apiece).
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const numberFormats = new Map();

export function formatTime(time) {
  return time === undefined || time === null ? '' : timeFormat.format(toDate(time));
}

export function formatDuration(start, end) {
  if (start === undefined || start === null) return '';
  const seconds = Math.max(0, Math.round(((end ? toDate(end) : new Date()) - toDate(start)) / 1000));
  const m = Math.floor(seconds / 60), s = seconds % 60;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

export function number(value, digits = 0) {
  if (value === undefined || value === null) return '';
  if (!numberFormats.has(digits)) numberFormats.set(digits, new Intl.NumberFormat(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits }));
  return numberFormats.get(digits).format(Number(value));
}

/** A price in dollars; "n/a" for NaN, the API's "not available" for an instance type with no known price. */
export function cost(value, digits) {
  if (value === undefined || value === null) return '';
  return Number.isNaN(Number(value)) ? 'n/a' : `$${number(value, digits)}`;
}

export function statusBadge(status) {
  return h('span', { class: `badge status-${(status || '').toLowerCase()}` }, status);
}

export const terminal = status => ['COMPLETED', 'FAILED', 'STOPPED'].includes(status);
