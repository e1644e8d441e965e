// Generative AI: the AI benchmark and recommendation jobs (SageMaker's AI API family on this server), newest first,
// and for a recommendation job its recommendations with their expected performance.
import { api } from './api.js';
import { h, formatTime } from './dom.js';

const table = (id, caption, headers, rows) => h('div', { class: 'scroll' }, h('table', { id },
  h('caption', {}, caption),
  h('thead', {}, h('tr', {}, headers.map(c => h('th', { scope: 'col' }, c)))),
  h('tbody', {}, rows)));

const performance = list => (list || []).map(p => `${p.Metric}${p.Stat ? ` ${p.Stat}` : ''} ${p.Value}${p.Unit ? ` ${p.Unit}` : ''}`).join('; ');

async function recommendation(main, name) {
  const answer = await api(`/api/ai/recommendation-jobs/${encodeURIComponent(name)}`);
  if (!answer.ok) { main.append(h('p', { class: 'error', role: 'alert' }, answer.data?.message || `error ${answer.status}`)); return; }
  const d = answer.data;
  main.append(h('h1', {}, name, ' ', h('span', { id: 'ai-status' }, d.AIRecommendationJobStatus)),
    d.FailureReason ? h('p', { class: 'error' }, `Failure reason: ${d.FailureReason}`) : '',
    h('p', { class: 'muted' }, `Performance target: ${(d.PerformanceTarget?.Constraints || []).map(c => c.Metric).join(', ') || 'none'} · created ${formatTime(d.CreationTime)}`),
    table('ai-recommendations', 'Recommendations, best first', ['#', 'Instance type', 'Count', 'Expected performance', 'Benchmark job', 'Note'],
      (d.Recommendations || []).map((r, i) => h('tr', {},
        h('td', {}, String(i + 1)), h('td', {}, r.DeploymentConfiguration?.InstanceType || ''), h('td', {}, String(r.DeploymentConfiguration?.InstanceCount ?? '')),
        h('td', {}, performance(r.ExpectedPerformance)), h('td', {}, (r.AIBenchmarkJobArn || '').split('/').pop()),
        h('td', {}, r.RecommendationDescription || '')))));
}

export async function render(main, { args }) {
  if (args[0] === 'recommendation' && args[1]) return recommendation(main, args[1]);
  main.append(h('h1', {}, 'Generative AI'));
  const [benchmarks, recommendations] = await Promise.all([api('/api/ai/benchmark-jobs'), api('/api/ai/recommendation-jobs')]);
  for (const answer of [benchmarks, recommendations]) {
    if (!answer.ok) { main.append(h('p', { class: 'error', role: 'alert' }, answer.data?.message || `error ${answer.status}`)); return; }
  }
  main.append(
    h('h2', {}, 'Recommendation jobs'),
    table('ai-recommendation-jobs', `${recommendations.data.AIRecommendationJobs.length} job(s)`, ['Name', 'Status', 'Created', 'Ended'],
      recommendations.data.AIRecommendationJobs.map(j => h('tr', { 'data-job': j.AIRecommendationJobName },
        h('td', {}, h('a', { href: `#/generative/recommendation/${encodeURIComponent(j.AIRecommendationJobName)}` }, j.AIRecommendationJobName)),
        h('td', {}, j.AIRecommendationJobStatus), h('td', {}, formatTime(j.CreationTime)), h('td', {}, j.EndTime ? formatTime(j.EndTime) : '')))),
    h('h2', {}, 'Benchmark jobs'),
    table('ai-benchmark-jobs', `${benchmarks.data.AIBenchmarkJobs.length} job(s); each writes output.tar.gz (AIPerf exports) under its S3OutputLocation`,
      ['Name', 'Status', 'Workload', 'Created', 'Ended'],
      benchmarks.data.AIBenchmarkJobs.map(j => h('tr', { 'data-job': j.AIBenchmarkJobName },
        h('td', {}, j.AIBenchmarkJobName), h('td', {}, j.AIBenchmarkJobStatus), h('td', {}, j.AIWorkloadConfigName || ''),
        h('td', {}, formatTime(j.CreationTime)), h('td', {}, j.EndTime ? formatTime(j.EndTime) : '')))));
}
