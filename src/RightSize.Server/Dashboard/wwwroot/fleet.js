// The fleet: the agents registered with serve --nats (GET /api/agents), their facts, heartbeats and work, polled
// every 2 s while the page is open.
import { api } from './api.js';
import { h, formatTime, number } from './dom.js';

const POLL_MS = 2000;

const gib = bytes => `${number(bytes / 2 ** 30, 1)} GiB`;

function facts(f) {
  const parts = [`${f.Cores} cores`, gib(f.MemoryBytes)];
  if (f.CgroupCpuLimit != null) parts.push(`cgroup ${number(f.CgroupCpuLimit, 2)} cores`);
  if (f.CgroupMemoryLimitBytes != null) parts.push(`cgroup ${gib(f.CgroupMemoryLimitBytes)}`);
  if (f.Gpus?.length) parts.push(`${f.Gpus.length} GPU: ${f.Gpus.map(g => g.Name).join(', ')}`);
  return parts.join(' · ');
}

export async function render(main) {
  const body = h('div', { id: 'fleet' });
  main.append(h('h1', {}, 'Fleet'), body);
  let timer = null;
  let stopped = false;
  async function refresh() {
    const answer = await api('/api/agents');
    if (stopped) return;
    if (!answer.ok) {
      body.replaceChildren(h('p', { class: 'error', role: 'alert' }, answer.data?.message || `error ${answer.status}`));
    } else if (answer.data.length === 0) {
      body.replaceChildren(h('p', { class: 'muted', id: 'no-agents' },
        'No agent is registered. Start the server with --nats URL and run `rightsize agent --nats URL` on each host (docs/fleet.md).'));
    } else {
      body.replaceChildren(h('div', { class: 'scroll' }, h('table', { id: 'agents-table' },
        h('caption', {}, `${answer.data.length} agent(s), heartbeats every few seconds`),
        h('thead', {}, h('tr', {}, ['Agent', 'Instance type', 'Address', 'Roles', 'Labels', 'Facts', 'Heartbeat', 'Work'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, answer.data.map(a => h('tr', { 'data-agent': a.Id },
          h('td', {}, a.Id), h('td', {}, a.InstanceType), h('td', {}, a.Address), h('td', {}, a.Roles.join(', ')),
          h('td', {}, Object.entries(a.Labels || {}).map(([k, v]) => `${k}=${v}`).join(', ')),
          h('td', {}, facts(a.Facts)), h('td', {}, formatTime(a.HeartbeatAt)),
          h('td', { class: 'work' }, a.CurrentWork || 'idle')))))));
    }
    timer = setTimeout(refresh, POLL_MS);
  }
  await refresh();
  return () => { stopped = true; clearTimeout(timer); };
}
