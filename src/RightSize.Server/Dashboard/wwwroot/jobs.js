// The job list: filters and paging happen in the server's database (?status=&name=&offset=&limit=).
import { api } from './api.js';
import { h, formatTime, formatDuration, number, cost, statusBadge, terminal } from './dom.js';

const { pageSize: PAGE_SIZE, jobsPath } = window.rightsizeBoot;
const STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'STOPPING', 'STOPPED'];

function top(job) {
  const t = job.TopRecommendation;
  if (!t) return '';
  const where = t.InstanceType ? `${t.InstanceType}${t.InitialInstanceCount > 1 ? ` × ${t.InitialInstanceCount}` : ''}`
    : `serverless ${t.ServerlessMemorySizeInMB} MB / ${t.ServerlessMaxConcurrency}`;
  return `${where}: ${number(t.MaxInvocations)}/min, ${number(t.ModelLatency / 1000, 1)} ms, ${cost(t.CostPerHour, 3)}/h`;
}

export async function render(main, { query }) {
  const status = query.get('status') || '';
  const name = query.get('name') || '';
  const page = Math.max(1, Number(query.get('page')) || 1);
  const filters = h('form', { class: 'filters', role: 'search', id: 'job-filters' },
    h('label', { for: 'filter-status' }, 'Status'),
    h('select', { id: 'filter-status', name: 'status' }, h('option', { value: '' }, 'any'),
      STATUSES.map(s => h('option', { value: s, selected: s === status }, s))),
    h('label', { for: 'filter-name' }, 'Name contains'),
    h('input', { id: 'filter-name', name: 'name', value: name, maxlength: 63 }),
    h('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', event => {
    event.preventDefault();
    const q = new URLSearchParams();
    if (filters.status.value) q.set('status', filters.status.value);
    if (filters.name.value) q.set('name', filters.name.value);
    location.hash = `#/jobs?${q}`;
  });
  main.append(h('h1', {}, 'Jobs'), filters);

  const answer = await api(jobsPath(query));
  if (!answer.ok) {
    main.append(h('p', { class: 'error', role: 'alert' }, answer.data?.message || `error ${answer.status}`));
    return;
  }
  const total = Number(answer.headers.get('X-Total-Count'));
  const jobs = answer.data;
  const table = h('table', { class: 'jobs', id: 'jobs-table' },
    h('caption', {}, total === 0 ? 'No jobs match.' : `Jobs ${(page - 1) * PAGE_SIZE + 1}–${(page - 1) * PAGE_SIZE + jobs.length} of ${total}, newest first`),
    h('thead', {}, h('tr', {}, ['Name', 'Status', 'Type', 'Model', 'Created', 'Duration', 'Top recommendation'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, jobs.map(job => h('tr', { 'data-job': job.JobName },
      h('td', {}, h('a', { href: `#/job/${encodeURIComponent(job.JobName)}` }, job.JobName)),
      h('td', {}, statusBadge(job.Status), job.Unsaved ? h('span', { class: 'warn', title: job.Unsaved }, ' unsaved') : ''),
      h('td', {}, job.JobType),
      h('td', {}, job.ModelName || ''),
      h('td', {}, formatTime(job.CreationTime)),
      h('td', {}, formatDuration(job.CreationTime, terminal(job.Status) ? (job.CompletionTime || job.LastModifiedTime) : null)),
      h('td', {}, top(job))))));
  const link = (label, p, disabled) => disabled ? h('span', { class: 'muted' }, label)
    : h('a', { href: `#/jobs?${new URLSearchParams({ ...(status && { status }), ...(name && { name }), page: String(p) })}`, rel: label === 'Next' ? 'next' : 'prev' }, label);
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of jobs' },
    link('Previous', page - 1, page <= 1), ` page ${page} of ${Math.max(1, Math.ceil(total / PAGE_SIZE))} `, link('Next', page + 1, page * PAGE_SIZE >= total));
  main.append(h('div', { class: 'scroll' }, table), pager);
  // For bench/dashboard: when the rows are in the DOM, and the frame after that (they have been painted).
  performance.mark('jobs-rendered');
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('jobs-painted')));
}
