import { api } from './api.js';
import { h } from './dom.js';
import { refreshSession } from './session.js';

export function render(main, { query }) {
  const error = h('p', { class: 'error', role: 'alert', id: 'login-error' });
  const form = h('form', { class: 'card narrow', id: 'login-form' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'This server needs an access key. The secret is sent once to sign in and never kept in the page.'),
    h('label', { for: 'access-key-id' }, 'Access key id'),
    h('input', { id: 'access-key-id', name: 'AccessKeyId', autocomplete: 'username', required: true }),
    h('label', { for: 'secret-access-key' }, 'Secret access key'),
    h('input', { id: 'secret-access-key', name: 'SecretAccessKey', type: 'password', autocomplete: 'current-password', required: true }),
    error,
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = { AccessKeyId: form.AccessKeyId.value, SecretAccessKey: form.SecretAccessKey.value };
    const answer = await api('/api/session', { method: 'POST', body });
    form.SecretAccessKey.value = '';
    if (!answer.ok) {
      error.textContent = answer.data?.message || 'Sign-in failed';
      return;
    }
    await refreshSession();
    location.hash = query.get('next') || '#/jobs';
  });
  main.append(form);
}
