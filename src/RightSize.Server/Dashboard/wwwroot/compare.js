// Compare: tests of one or more jobs side by side (table) with their invocation and latency series overlaid.
import { api } from './api.js';
import { h, number, cost } from './dom.js';
import { lineChart } from './chart.js';

export async function render(main, { query }) {
  const names = (query.get('jobs') || '').split(',').map(s => s.trim()).filter(Boolean);
  const form = h('form', { class: 'filters', id: 'compare-form' },
    h('label', { for: 'compare-jobs' }, 'Jobs (comma-separated)'),
    h('input', { id: 'compare-jobs', name: 'jobs', value: names.join(','), size: 40 }),
    h('button', { type: 'submit' }, 'Compare'));
  form.addEventListener('submit', e => { e.preventDefault(); location.hash = `#/compare?jobs=${encodeURIComponent(form.jobs.value)}`; });
  main.append(h('h1', {}, 'Compare'), form);
  const rows = [];
  for (const name of names) {
    const base = `/api/jobs/${encodeURIComponent(name)}`;
    const tests = await api(`${base}/tests`);
    if (!tests.ok) { main.append(h('p', { class: 'error', role: 'alert' }, tests.data?.message || `error ${tests.status}`)); continue; }
    for (const t of tests.data) {
      const windows = await api(`${base}/tests/${t.TestIndex}/windows`);
      rows.push({ label: `${name} #${t.TestIndex} ${t.InstanceType || 'serverless'}`, test: t, windows: windows.ok ? windows.data : [] });
    }
  }
  if (rows.length === 0) { main.append(h('p', { class: 'muted' }, 'Name one or more jobs to compare their tests.')); return; }
  main.append(h('div', { class: 'scroll' }, h('table', { id: 'compare-table' },
    h('thead', {}, h('tr', {}, ['Test', 'Status', 'Max invocations /min', 'Model latency ms', 'Cost per hour', 'Cost per inference', 'Stop reason'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map(r => h('tr', {}, h('td', {}, r.label), h('td', {}, r.test.Status), h('td', {}, number(r.test.MaxInvocations)),
      h('td', {}, number(r.test.ModelLatencyMicroseconds / 1000, 2)), h('td', {}, cost(r.test.CostPerHour, 4)),
      h('td', {}, cost(r.test.CostPerInference, 8)), h('td', {}, r.test.StopReason || '')))))));
  const overlay = (title, unit, f) => lineChart({ title, unit, series: rows.map(r => ({ name: r.label, values: r.windows.map(w => [w.EndSecond, f(w)]) })) });
  main.append(h('div', { class: 'charts' },
    overlay('Invocations per minute', 'per min', w => w.Invocations * 60 / w.LengthSeconds),
    overlay('p95 latency', 'ms', w => w.P95Ms),
    overlay('Users', 'users', w => w.Users)));
}
