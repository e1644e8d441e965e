// Autoscaling: GetScalingConfigurationRecommendation for a job's recommendation: the per-instance peak (find-peak's
// knee) and the target-tracking policy, ready to copy; then that policy simulated on rise-and-fall traffic by the
// server (GET /api/jobs/NAME/simulation: modeled from the test's measured windows, nothing is run), charted per minute.
import { api, validationErrors } from './api.js';
import { h, number } from './dom.js';
import { lineChart } from './chart.js';

const field = (id, label, attrs) => [h('label', { for: id }, label), h('input', { id, type: 'number', ...attrs })];

export async function render(main, { args }) {
  const name = args[0] || '';
  const result = h('div', { id: 'scaling-result', 'aria-live': 'polite' });
  const simulation = h('section', { id: 'simulation', 'aria-labelledby': 'simulation-title' });
  const form = h('form', { class: 'filters', id: 'scaling-form' },
    field('scaling-min', 'Min invocations /min', { min: 0 }),
    field('scaling-max', 'Max invocations /min', { min: 0 }),
    field('scaling-cpu', 'Target CPU per core %', { min: 1, max: 100, value: 50 }),
    field('simulation-minutes', 'Simulated minutes', { min: 5, max: 240, value: 30 }),
    field('simulation-peak', 'Peak invocations /min', { min: 1, placeholder: '80% of max capacity' }),
    field('simulation-threshold', 'P95 threshold ms', { min: 1, value: 500 }),
    h('button', { type: 'submit' }, 'Recommend and simulate'));
  main.append(h('h1', {}, `Autoscaling: ${name}`), h('p', {}, h('a', { href: `#/job/${encodeURIComponent(name)}` }, 'Back to the job')), form, result, simulation);
  const value = id => form.querySelector(`#${id}`).value;

  async function load() {
    const objective = {};
    if (value('scaling-min')) objective.MinInvocationsPerMinute = Number(value('scaling-min'));
    if (value('scaling-max')) objective.MaxInvocationsPerMinute = Number(value('scaling-max'));
    const body = { InferenceRecommendationsJobName: name, TargetCpuUtilizationPerCore: Number(value('scaling-cpu')) || undefined,
      ...(Object.keys(objective).length && { ScalingPolicyObjective: objective }) };
    const answer = await api('/api/scaling', { method: 'POST', body });
    simulation.replaceChildren();
    if (!answer.ok) { result.replaceChildren(h('p', { class: 'error', role: 'alert' }, answer.data?.message || `error ${answer.status}`)); return; }
    const r = answer.data;
    const policy = JSON.stringify(r.DynamicScalingConfiguration, null, 2);
    result.replaceChildren(
      h('p', {}, `Per-instance peak (the knee): ${number(r.Metric?.InvocationsPerInstance)} invocations/min per instance at ${number((r.Metric?.ModelLatency || 0) / 1000, 2)} ms.`),
      h('h2', {}, 'Scaling policy'),
      h('pre', { class: 'code', id: 'scaling-policy' }, policy),
      h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(policy) }, 'Copy policy JSON'));
    const q = new URLSearchParams({ RecommendationId: r.RecommendationId, Minutes: value('simulation-minutes'), TargetCpuUtilizationPerCore: value('scaling-cpu'),
      PeakInvocationsPerMinute: value('simulation-peak'), LatencyThresholdMs: value('simulation-threshold'), ...objective });
    for (const [k, v] of [...q]) if (v === '' || v === 'undefined') q.delete(k);
    await simulate(q);
  }

  async function simulate(q) {
    const answer = await api(`/api/jobs/${encodeURIComponent(name)}/simulation?${q}`);
    if (!answer.ok) {
      simulation.replaceChildren(h('h2', { id: 'simulation-title' }, 'Simulation'),
        ...validationErrors(answer.data?.message || `error ${answer.status}`).map(e => h('p', { class: 'error', role: 'alert' }, e.path ? `${e.path}: ${e.message}` : e.message)));
      return;
    }
    const { Simulation: s, Note } = answer.data;
    const at = f => s.Minutes.map(m => [m.Minute, f(m)]);
    const flat = v => s.Minutes.map(m => [m.Minute, v]);
    const chart = (id, title, unit, series) => lineChart({ id, title, unit, series, xUnit: ' min' });
    simulation.replaceChildren(
      h('h2', { id: 'simulation-title' }, 'Simulation'),
      h('p', { class: 'muted', id: 'simulation-note' }, Note),
      h('p', { id: 'simulation-summary' }, s.Summary),
      h('div', { class: 'charts' },
        chart('simulation-instances', 'Instances', 'instances', [{ name: 'in service', values: at(m => m.Instances) }, { name: 'desired', values: at(m => m.DesiredInstances) }]),
        chart('simulation-load', 'Load', 'invocations /min', [{ name: 'offered (all instances)', values: at(m => m.OfferedInvocationsPerMinute) },
          { name: 'per instance', values: at(m => m.InvocationsPerInstance) }, { name: 'target per instance', values: flat(s.Settings.TargetValue) }]),
        chart('simulation-latency', 'Modeled latency (gaps: beyond the measured load)', 'ms', [{ name: 'P95', values: at(m => m.P95Ms) },
          { name: 'P99', values: at(m => m.P99Ms) },
          // The threshold line only where it is in range of the latencies: far above, it would flatten them.
          ...(Math.max(0, ...s.Minutes.map(m => m.P99Ms || 0)) * 2 >= s.Settings.LatencyThresholdMs ? [{ name: 'P95 threshold', values: flat(s.Settings.LatencyThresholdMs) }] : [])])));
  }

  form.addEventListener('submit', e => { e.preventDefault(); load(); });
  await load();
}
