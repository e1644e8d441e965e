// One job: ranked recommendations (re-ranked by the server's own rule as the importance controls change), caveats,
// each test's time series with its peak window shaded, live growth every 2 s while the job runs, and Stop.
import { api } from './api.js';
import { h, formatTime, formatDuration, number, cost, statusBadge, terminal } from './dom.js';
import { lineChart } from './chart.js';

const LEVELS = ['Lowest', 'Low', 'Moderate', 'High', 'Highest'];
const POLL_MS = 2000;

export async function render(main, { args }) {
  const name = args[0];
  const base = `/api/jobs/${encodeURIComponent(name)}`;
  const state = { describe: null, tests: [], windows: new Map(), ranking: null, weights: null };
  const header = h('div', { class: 'job-header' });
  const recommendations = h('section', { 'aria-labelledby': 'rec-title', id: 'recommendations-section' });
  const caveats = h('section', { 'aria-labelledby': 'caveat-title' });
  const tests = h('section', { 'aria-labelledby': 'tests-title' });
  const live = h('p', { class: 'sr-only', 'aria-live': 'polite', id: 'job-live' });
  main.append(header, live, recommendations, caveats, tests);
  let timer = null;
  let stopped = false;

  async function rank() {
    const q = state.weights ? `?${new URLSearchParams({ cost: state.weights.Cost, latency: state.weights.Latency, throughput: state.weights.Throughput })}` : '';
    const answer = await api(`${base}/ranking${q}`);
    if (answer.ok) {
      state.ranking = answer.data;
      state.weights ??= { Cost: answer.data.Cost, Latency: answer.data.Latency, Throughput: answer.data.Throughput };
    }
    drawRecommendations();
  }

  async function refresh() {
    const [describe, list] = await Promise.all([api(base), api(`${base}/tests`)]);
    if (!describe.ok) {
      main.replaceChildren(h('p', { class: 'error', role: 'alert' }, describe.data?.message || `error ${describe.status}`));
      return false;
    }
    const before = state.describe?.Status;
    state.describe = describe.data;
    state.tests = list.ok ? list.data : [];
    await Promise.all(state.tests.map(async t => {
      const have = state.windows.get(t.TestIndex) || [];
      const after = have.length ? have[have.length - 1].EndSecond : -1;
      const more = await api(`${base}/tests/${t.TestIndex}/windows?after=${after}`);
      if (more.ok) state.windows.set(t.TestIndex, have.concat(more.data));
    }));
    // The ranking changes only when a test completes (or the controls change), not with every window.
    const completed = state.tests.filter(t => t.Status === 'COMPLETED').map(t => t.TestIndex).join(',');
    if (completed !== state.rankedFor) {
      state.rankedFor = completed;
      await rank();
    }
    drawHeader();
    drawCaveats();
    drawTests();
    if (before && before !== state.describe.Status) live.textContent = `Job is ${state.describe.Status}`;
    return !terminal(state.describe.Status);
  }

  async function loop() {
    if (stopped) return;
    const running = await refresh();
    if (running && !stopped) timer = setTimeout(loop, POLL_MS);
  }

  function drawHeader() {
    const d = state.describe;
    const stop = terminal(d.Status) || d.Status === 'STOPPING' ? null
      : h('button', { type: 'button', class: 'danger', id: 'stop-job', onclick: stopJob }, 'Stop job');
    const file = f => h('a', { href: `${base}/files/${f}`, download: `${name}-${f}`, id: `download-${f.replace('.', '-')}` }, f);
    header.replaceChildren(
      h('h1', {}, name, ' ', h('span', { id: 'job-status' }, statusBadge(d.Status))),
      h('p', { class: 'muted' }, `${d.JobType} job · created ${formatTime(d.CreationTime)} · ${formatDuration(d.CreationTime, terminal(d.Status) ? (d.CompletionTime || d.LastModifiedTime) : null)}`),
      d.FailureReason ? h('p', { class: 'error', id: 'failure-reason' }, `Failure reason: ${d.FailureReason}`) : '',
      h('p', { class: 'actions' }, stop, ' Downloads: ', file('report.html'), ' ', file('metrics.csv'), ' ', file('describe.json'),
        ' · ', h('a', { href: `#/autoscaling/${encodeURIComponent(name)}` }, 'Autoscaling'),
        ' · ', h('a', { href: `#/compare?jobs=${encodeURIComponent(name)}` }, 'Compare tests')));
    if (terminal(d.Status)) markMissingReport();
  }

  // A job this server kept no report of (it ended before reports were kept, or under another server sharing the
  // database) has metrics.csv and describe.json from the store, but no report.html: say so instead of a dead link.
  let reportKept = null;
  async function markMissingReport() {
    reportKept ??= fetch(`${base}/files/report.html`, { method: 'HEAD' }).then(r => r.status !== 404, () => true);
    if (await reportKept) return;
    document.getElementById('download-report-html')?.replaceWith(h('span', { class: 'muted', id: 'report-not-kept' },
      'report.html was not kept for this job (metrics.csv and describe.json come from the store)'));
  }

  async function stopJob(event) {
    event.target.disabled = true;
    const answer = await api(`${base}/stop`, { method: 'POST' });
    if (!answer.ok) header.append(h('p', { class: 'error', role: 'alert' }, answer.data?.message || `error ${answer.status}`));
    clearTimeout(timer);
    await loop();
  }

  function control(goal) {
    const id = `importance-${goal.toLowerCase()}`;
    const select = h('select', { id, name: goal }, LEVELS.map(l => h('option', { value: l, selected: state.weights?.[goal] === l }, l)));
    select.addEventListener('change', async () => {
      state.weights = { ...state.weights, [goal]: select.value };
      await rank();
    });
    return h('span', { class: 'control' }, h('label', { for: id }, `${goal} importance`), select);
  }

  // The controls are drawn once (a poll must not close an open list or move the focus); the table is redrawn.
  const controls = h('div', { class: 'controls' });
  const ranked = h('div', { class: 'scroll', id: 'ranked', 'aria-live': 'polite' });
  recommendations.append(h('h2', { id: 'rec-title' }, 'Recommendations'), controls, ranked);

  function drawRecommendations() {
    if (!controls.firstChild && state.weights) controls.append(...['Cost', 'Latency', 'Throughput'].map(control));
    const byIndex = new Map(state.tests.map(t => [t.TestIndex, t]));
    const list = (state.ranking?.TestIndexes || []).map(i => byIndex.get(i)).filter(Boolean);
    ranked.replaceChildren(list.length === 0 ? h('p', { class: 'muted' }, 'No completed test yet.')
      : h('table', { id: 'recommendations' },
        h('caption', {}, `Ranked with cost ${state.weights.Cost}, latency ${state.weights.Latency}, throughput ${state.weights.Throughput} importance`),
        h('thead', {}, h('tr', {}, ['Rank', 'Test', 'Instance type', 'Max invocations /min', 'Model latency ms', 'Cost per hour', 'Cost per inference']
          .map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, list.map((t, i) => h('tr', { 'data-test': t.TestIndex },
          h('td', {}, i + 1), h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => document.getElementById(`test-${t.TestIndex}`)?.scrollIntoView() }, `#${t.TestIndex}`)), h('td', {}, t.InstanceType || 'serverless'),
          h('td', {}, number(t.MaxInvocations)), h('td', {}, number(t.ModelLatencyMicroseconds / 1000, 2)),
          h('td', {}, cost(t.CostPerHour, 4)), h('td', {}, cost(t.CostPerInference, 8)))))));
  }

  function drawCaveats() {
    const all = state.tests.flatMap(t => (t.Caveats || []).map(c => ({ test: t.TestIndex, ...c })));
    caveats.replaceChildren(h('h2', { id: 'caveat-title' }, 'Caveats'),
      all.length === 0 ? h('p', { class: 'muted' }, 'None: every number was measured as asked.')
        : h('ul', { id: 'caveats' }, all.map(c => h('li', {}, h('strong', {}, `Test #${c.test} ${c.Kind}: `), c.Detail))));
  }

  function drawTests() {
    tests.replaceChildren(h('h2', { id: 'tests-title' }, 'Tests'), ...state.tests.map(testSection));
  }

  function testSection(t) {
    const w = state.windows.get(t.TestIndex) || [];
    const series = (f) => w.map(x => [x.EndSecond, f(x)]);
    const shade = t.PeakWindowEndSecond != null && w.length
      ? [Math.max(0, t.PeakWindowEndSecond - (w.find(x => x.EndSecond === t.PeakWindowEndSecond)?.LengthSeconds || 0)), t.PeakWindowEndSecond] : null;
    const xMax = w.length ? w[w.length - 1].EndSecond : 0;
    const chart = (title, unit, list) => lineChart({ title, unit, shade, xMax, series: list });
    return h('article', { class: 'test', id: `test-${t.TestIndex}`, 'data-status': t.Status },
      h('h3', {}, `Test #${t.TestIndex}: ${t.InstanceType || 'serverless'} `, statusBadge(t.Status)),
      h('p', { class: 'muted' }, `Endpoint ${t.EndpointName}`, t.StopReason ? ` · stopped because: ${t.StopReason}` : '',
        t.FailureReason ? ` · failed: ${t.FailureReason}` : ''),
      h('div', { class: 'charts' },
        chart('Invocations per minute', 'per min', [{ name: 'invocations/min', values: series(x => x.Invocations * 60 / x.LengthSeconds) }]),
        chart('Latency', 'ms', [{ name: 'p50', values: series(x => x.P50Ms) }, { name: 'p95', values: series(x => x.P95Ms) }, { name: 'p99', values: series(x => x.P99Ms) }]),
        chart('Users', 'users', [{ name: 'users', values: series(x => x.Users) }, { name: 'mean users', values: series(x => x.MeanUsers ?? null) }]),
        chart('Errors by class', 'errors', [{ name: 'client (4xx)', values: series(x => x.ClientErrors) }, { name: 'server (5xx)', values: series(x => x.ServerErrors) },
          { name: 'timeouts', values: series(x => x.Timeouts) }, { name: 'connection', values: series(x => x.ConnectionErrors) }]),
        chart('CPU and memory', '%', [{ name: 'CPU', values: series(x => x.CpuUtilization ?? null) }, { name: 'memory', values: series(x => x.MemoryUtilization ?? null) }])));
  }

  await loop();
  return () => { stopped = true; clearTimeout(timer); };
}
