// Create a job: the CreateInferenceRecommendationsJob request built from a form. The server validates it (the API's own
// JobValidator) and each error is shown at the field its path names; "Copy as" shows the same request as code. The model
// is a model by name, or a model group and version from the registry (InputConfig.ModelPackageVersionArn), as in the console.
import { api, validationErrors } from './api.js';
import { h, number } from './dom.js';
import { lineChart } from './chart.js';
import { session } from './session.js';

const field = (label, path, input, hint) => h('div', { class: 'field', 'data-path': path },
  h('label', { for: input.id }, label), input, hint ? h('div', { class: 'hint', id: `${input.id}-hint` }, hint) : '',
  h('div', { class: 'field-error', id: `${input.id}-error`, 'aria-live': 'polite' }));
const num = (id, value, min = 0) => h('input', { id, type: 'number', value, min, step: 'any', inputmode: 'decimal' });
const text = (id, value = '', attrs = {}) => h('input', { id, value, ...attrs });

export async function render(main) {
  const [models, types, packages] = await Promise.all([api('/api/models'), api('/api/instance-types'), api('/api/model-packages')]);
  const modelNames = (models.data?.Models || []).map(m => m.ModelName);
  const versions = packages.data?.ModelPackageSummaryList || [];
  const groups = [...new Set(versions.map(v => v.ModelPackageGroupName))];
  const form = h('form', { id: 'create-form', novalidate: true });
  const phases = h('div', { id: 'phases' });
  const preview = h('div', { id: 'users-preview' });
  const general = h('p', { class: 'error', role: 'alert', id: 'create-error' });
  const code = h('pre', { class: 'code', id: 'create-code', hidden: true });

  const addPhase = (users = 1, rate = 1, seconds = 120) => {
    const i = phases.children.length;
    const row = h('div', { class: 'row phase' },
      field('Initial users', `InputConfig.TrafficPattern.Phases[${i}].InitialNumberOfUsers`, num(`phase-${i}-users`, users)),
      field('Spawn rate', `InputConfig.TrafficPattern.Phases[${i}].SpawnRate`, num(`phase-${i}-rate`, rate)),
      field('Duration (s)', `InputConfig.TrafficPattern.Phases[${i}].DurationInSeconds`, num(`phase-${i}-seconds`, seconds)),
      h('button', { type: 'button', onclick: () => { row.remove(); drawPreview(); } }, 'Remove phase'));
    phases.append(row);
    drawPreview();
  };

  const typeRows = (types.data || []).map(t => h('li', {},
    h('input', { type: 'checkbox', id: `type-${t.InstanceType}`, value: t.InstanceType, name: 'instance-type', checked: t.InstanceType === 'local.cpu1' }),
    h('label', { for: `type-${t.InstanceType}` }, ` ${t.InstanceType} (${t.VCpus} vCPU, ${t.MemoryGiB} GiB) $${number(t.PricePerHour, 4)}/h`)));

  form.append(
    h('h1', {}, 'Create a job'),
    field('Job name', 'JobName', text('job-name', `job-${Date.now().toString(36)}`, { required: true, maxlength: 64 })),
    h('fieldset', {}, h('legend', {}, 'Job type'),
      h('label', {}, h('input', { type: 'radio', name: 'JobType', value: 'Default', id: 'type-default' }), ' Default (SageMaker chooses the traffic)'),
      h('label', {}, h('input', { type: 'radio', name: 'JobType', value: 'Advanced', id: 'type-advanced', checked: true }), ' Advanced')),
    h('fieldset', { id: 'model-source' }, h('legend', {}, 'Model'),
      h('label', {}, h('input', { type: 'radio', name: 'ModelSource', value: 'model', id: 'source-model', checked: true }), ' A model (CreateModel or the workspace)'),
      h('label', {}, h('input', { type: 'radio', name: 'ModelSource', value: 'registry', id: 'source-registry', disabled: !versions.length }),
        ` A model group and version from the registry${versions.length ? '' : ' (none registered)'}`),
      h('div', { id: 'model-box' }, field('Model', 'InputConfig.ModelName', h('select', { id: 'model-name' }, modelNames.map(n => h('option', { value: n }, n))))),
      h('div', { id: 'registry-box', class: 'row', hidden: true },
        field('Model group', 'ModelPackageGroupName', h('select', { id: 'package-group' }, groups.map(g => h('option', { value: g }, g)))),
        field('Version', 'InputConfig.ModelPackageVersionArn', h('select', { id: 'package-version' })))),
    field('Role ARN', 'RoleArn', text('role-arn', 'arn:aws:iam::000000000000:role/rightsize')),
    h('fieldset', { id: 'traffic' }, h('legend', {}, 'Traffic pattern'),
      field('Traffic type', 'InputConfig.TrafficPattern.TrafficType', h('select', { id: 'traffic-type' }, ['STAIRS', 'PHASES'].map(t => h('option', { value: t }, t)))),
      h('div', { id: 'stairs', class: 'row' },
        field('Total duration (s)', 'InputConfig.TrafficPattern.Stairs.DurationInSeconds', num('stairs-seconds', 360), 'split evenly over the steps'),
        field('Steps', 'InputConfig.TrafficPattern.Stairs.NumberOfSteps', num('stairs-steps', 3)),
        field('Users per step', 'InputConfig.TrafficPattern.Stairs.UsersPerStep', num('stairs-users', 2))),
      h('div', { id: 'phases-box', hidden: true }, phases, h('button', { type: 'button', onclick: () => addPhase() }, 'Add phase')),
      preview),
    h('fieldset', {}, h('legend', {}, 'Endpoint configurations'),
      h('ul', { class: 'plain', id: 'instance-types', 'data-path': 'InputConfig.EndpointConfigurations' }, typeRows),
      field('Environment parameter (name)', 'InputConfig.EndpointConfigurations[0].EnvironmentParameterRanges', text('env-name', '', { placeholder: 'OMP_NUM_THREADS' })),
      field('Values (comma-separated)', 'InputConfig.EndpointConfigurations[0].EnvironmentParameterRanges.CategoricalParameterRanges[0].Value', text('env-values', '', { placeholder: '1,2' })),
      h('div', { class: 'field-error', id: 'instance-types-error' })),
    h('fieldset', {}, h('legend', {}, 'Stopping conditions and limits'),
      h('div', { class: 'row' },
        field('Max invocations /min', 'StoppingConditions.MaxInvocations', num('max-invocations', '')),
        field('Latency percentile', 'StoppingConditions.ModelLatencyThresholds[0].Percentile', h('select', { id: 'latency-percentile' }, ['P95', 'P99'].map(p => h('option', { value: p }, p)))),
        field('Latency threshold (ms)', 'StoppingConditions.ModelLatencyThresholds[0].ValueInMilliseconds', num('latency-ms', 1000)),
        field('Flat invocations', 'StoppingConditions.FlatInvocations', h('select', { id: 'flat-invocations' }, ['Stop', 'Continue'].map(p => h('option', { value: p }, p)))),
        field('Max tests', 'InputConfig.ResourceLimit.MaxNumberOfTests', num('max-tests', 10)),
        field('Max parallel tests', 'InputConfig.ResourceLimit.MaxParallelOfTests', num('max-parallel', 1)),
        field('Window (s, RightSize)', 'Tags', num('window-seconds', ''), 'rightsize:window-seconds; empty for 60'))),
    general,
    h('p', { class: 'actions' }, h('button', { type: 'submit', id: 'create-job' }, 'Create job'), ' ',
      h('button', { type: 'button', id: 'copy-cli', onclick: () => show(cli(request())) }, 'Copy as aws CLI'), ' ',
      h('button', { type: 'button', id: 'copy-boto3', onclick: () => show(boto3(request())) }, 'Copy as boto3')),
    code);
  main.append(form);
  const $ = id => form.querySelector(`#${id}`);
  addPhase(1, 1, 120);
  // The chosen group's versions, newest first, as the registry lists them.
  const fillVersions = () => $('package-version').replaceChildren(...versions.filter(v => v.ModelPackageGroupName === $('package-group').value)
    .map(v => h('option', { value: v.ModelPackageArn }, `Version ${v.ModelPackageVersion} (${v.ModelApprovalStatus})`)));
  fillVersions();
  $('package-group').addEventListener('change', fillVersions);
  for (const choice of form.querySelectorAll('input[name=ModelSource]')) {
    choice.addEventListener('change', () => {
      const registry = form.ModelSource.value === 'registry';
      $('model-box').hidden = registry;
      $('registry-box').hidden = !registry;
    });
  }

  function drawPreview() {
    const schedule = [];
    if ($('traffic-type').value === 'STAIRS') {
      // STAIRS: NumberOfSteps steps of DurationInSeconds / NumberOfSteps each, step k running (k + 1) x UsersPerStep users.
      const steps = Number($('stairs-steps').value), users = Number($('stairs-users').value);
      const step = Number($('stairs-seconds').value) / Math.max(1, steps);
      for (let s = 0; s < steps; s++) schedule.push([s * step, (s + 1) * users], [(s + 1) * step, (s + 1) * users]);
    } else {
      let t = 0;
      for (const row of phases.children) {
        const [u, , d] = [...row.querySelectorAll('input')].map(i => Number(i.value));
        schedule.push([t, u], [t + d, u]);
        t += d;
      }
    }
    preview.replaceChildren(lineChart({ title: 'Users over time (preview)', unit: 'users', series: [{ name: 'users', values: schedule }] }));
  }
  form.addEventListener('input', drawPreview);
  $('traffic-type').addEventListener('change', () => {
    const stairs = $('traffic-type').value === 'STAIRS';
    $('stairs').hidden = !stairs;
    $('phases-box').hidden = stairs;
    drawPreview();
  });

  function request() {
    const advanced = form.JobType.value === 'Advanced';
    const value = id => $(id).value.trim();
    const n = id => value(id) === '' ? undefined : Number(value(id));
    const env = value('env-name') ? { CategoricalParameterRanges: [{ Name: value('env-name'), Value: value('env-values').split(',').map(s => s.trim()).filter(Boolean) }] } : undefined;
    const configurations = [...form.querySelectorAll('input[name=instance-type]:checked')].map(c => ({ InstanceType: c.value, ...(env && { EnvironmentParameterRanges: env }) }));
    const traffic = $('traffic-type').value === 'STAIRS'
      ? { TrafficType: 'STAIRS', Stairs: { DurationInSeconds: n('stairs-seconds'), NumberOfSteps: n('stairs-steps'), UsersPerStep: n('stairs-users') } }
      : { TrafficType: 'PHASES', Phases: [...phases.children].map(row => { const [u, r, d] = [...row.querySelectorAll('input')].map(i => Number(i.value)); return { InitialNumberOfUsers: u, SpawnRate: r, DurationInSeconds: d }; }) };
    const body = {
      JobName: value('job-name'), JobType: form.JobType.value, RoleArn: value('role-arn'),
      InputConfig: {
        ...(form.ModelSource.value === 'registry' ? { ModelPackageVersionArn: value('package-version') } : { ModelName: value('model-name') }),
        ...(configurations.length && { EndpointConfigurations: configurations }),
      },
    };
    if (advanced) {
      body.InputConfig.TrafficPattern = traffic;
      body.InputConfig.ResourceLimit = { MaxNumberOfTests: n('max-tests'), MaxParallelOfTests: n('max-parallel') };
      body.StoppingConditions = {
        ...(n('max-invocations') !== undefined && { MaxInvocations: n('max-invocations') }),
        ModelLatencyThresholds: [{ Percentile: value('latency-percentile'), ValueInMilliseconds: n('latency-ms') }],
        FlatInvocations: value('flat-invocations'),
      };
    }
    if (value('window-seconds')) body.Tags = [{ Key: 'rightsize:window-seconds', Value: value('window-seconds') }];
    return body;
  }

  function show(textToShow) {
    code.hidden = false;
    code.textContent = textToShow;
    navigator.clipboard?.writeText(textToShow).catch(() => {});
  }

  // The field a path names, or the nearest enclosing one: InputConfig.EndpointConfigurations[1].InstanceType falls
  // back to the endpoint configurations' list.
  function fieldFor(path) {
    for (let p = path; p; p = p.replace(/(\.[^.[\]]*|\[\d+\])$/, '')) {
      const box = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
      if (box) return box;
      if (!/(\.[^.[\]]*|\[\d+\])$/.test(p)) break;
    }
    return null;
  }

  function clearErrors() {
    general.textContent = '';
    for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors();
    const body = request();
    const answer = await api('/api/jobs', { method: 'POST', body });
    if (answer.ok) { location.hash = `#/job/${encodeURIComponent(body.JobName)}`; return; }
    const unplaced = [];
    let first = null;
    for (const e of answer.data?.__type === 'ValidationException' ? validationErrors(answer.data.message) : [{ path: '', message: answer.data?.message || `error ${answer.status}` }]) {
      const box = fieldFor(e.path);
      const input = box?.querySelector('input, select');
      const slot = box?.querySelector('.field-error') || (box?.id === 'instance-types' ? $('instance-types-error') : null);
      if (slot) {
        slot.textContent = `${slot.textContent ? `${slot.textContent} ` : ''}${e.message}`;
        if (input) { input.setAttribute('aria-invalid', 'true'); input.setAttribute('aria-describedby', slot.id); first ??= input; }
      } else unplaced.push(e.path ? `${e.path}: ${e.message}` : e.message);
    }
    general.textContent = unplaced.join('; ');
    (first || general).focus?.();
  });
}

const json = body => JSON.stringify(body, null, 2);

// The API's own address (its scheme and port, with this page's host, as the API may listen on a wildcard) and region,
// so a copied command runs as it is.
function apiUrl() {
  const api = session.Api || {};
  return api.Port ? `${api.Scheme}://${location.hostname}:${api.Port}` : `${location.protocol}//${location.hostname}:<API port>`;
}

function cli(body) {
  return `aws sagemaker create-inference-recommendations-job --endpoint-url ${apiUrl()} --region ${session.Api?.Region || 'us-east-1'} \\\n  --cli-input-json '${JSON.stringify(body).replaceAll("'", "'\\''")}'`;
}

function boto3(body) {
  const python = json(body).replaceAll(': true', ': True').replaceAll(': false', ': False').replaceAll(': null', ': None');
  return `import boto3\n\nsagemaker = boto3.client("sagemaker", endpoint_url="${apiUrl()}", region_name="${session.Api?.Region || 'us-east-1'}")\nprint(sagemaker.create_inference_recommendations_job(**${python})["JobArn"])\n`;
}
