// Autoscaling: GetScalingConfigurationRecommendation for a job's recommendation: the per-instance peak (find-peak's
// knee) and the target-tracking policy, ready to copy.
import { api } from './api.js';
import { h, number } from './dom.js';

export async function render(main, { args }) {
  const name = args[0] || '';
  const result = h('div', { id: 'scaling-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters', id: 'scaling-form' },
    h('label', { for: 'scaling-min' }, 'Min invocations /min'), h('input', { id: 'scaling-min', type: 'number', min: 0 }),
    h('label', { for: 'scaling-max' }, 'Max invocations /min'), h('input', { id: 'scaling-max', type: 'number', min: 0 }),
    h('label', { for: 'scaling-cpu' }, 'Target CPU per core %'), h('input', { id: 'scaling-cpu', type: 'number', min: 1, max: 100, value: 50 }),
    h('button', { type: 'submit' }, 'Recommend'));
  main.append(h('h1', {}, `Autoscaling: ${name}`), h('p', {}, h('a', { href: `#/job/${encodeURIComponent(name)}` }, 'Back to the job')), form, result);
  async function load() {
    const objective = {};
    if (form.querySelector('#scaling-min').value) objective.MinInvocationsPerMinute = Number(form.querySelector('#scaling-min').value);
    if (form.querySelector('#scaling-max').value) objective.MaxInvocationsPerMinute = Number(form.querySelector('#scaling-max').value);
    const body = { InferenceRecommendationsJobName: name, TargetCpuUtilizationPerCore: Number(form.querySelector('#scaling-cpu').value) || undefined,
      ...(Object.keys(objective).length && { ScalingPolicyObjective: objective }) };
    const answer = await api('/api/scaling', { method: 'POST', body });
    if (!answer.ok) { result.replaceChildren(h('p', { class: 'error', role: 'alert' }, answer.data?.message || `error ${answer.status}`)); return; }
    const r = answer.data;
    const policy = JSON.stringify(r.DynamicScalingConfiguration, null, 2);
    result.replaceChildren(
      h('p', {}, `Per-instance peak (the knee): ${number(r.Metric?.InvocationsPerInstance)} invocations/min per instance at ${number((r.Metric?.ModelLatency || 0) / 1000, 2)} ms.`),
      h('h2', {}, 'Scaling policy'),
      h('pre', { class: 'code', id: 'scaling-policy' }, policy),
      h('button', { type: 'button', onclick: () => navigator.clipboard?.writeText(policy) }, 'Copy policy JSON'));
  }
  form.addEventListener('submit', e => { e.preventDefault(); load(); });
  await load();
}
