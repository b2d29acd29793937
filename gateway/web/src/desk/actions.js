// The moves an operator may make on a case, offered by the case's status (the state machine's
// table, actors/domain/case_machine) and what the caller's role may do (GET /api/v1/me); each
// with its own fields, and the API's answer — or its error, code, field and the allowed moves
// — shown in place beside it.
import { ApiError } from '../common/api.js';
import { h } from '../common/dom.js';
import { t, term } from '../common/i18n.js';

const OPEN = ['reported', 'verified', 'accepted', 'dispatched', 'returned', 'escalated', 'in_progress', 'handled', 'inspected'];
const FROM = {
  confirm: ['reported'],
  verify: ['reported'],
  reclassify: ['reported', 'verified', 'accepted', 'dispatched', 'returned', 'escalated', 'in_progress'],
  accept: ['verified'],
  reject: ['reported', 'verified'],
  dispatch: ['accepted', 'returned', 'escalated'],
  escalate: ['accepted', 'dispatched', 'in_progress', 'returned', 'escalated'],
  supervise: OPEN,
  inspect: ['handled'],
  close: ['inspected'],
};

// An action's name in the chosen language; its wire name when the desk has no word for it.
function actionName(a) {
  const word = t(`action.${a}`);
  return word === `action.${a}` ? a : word;
}

export function errorText(e) {
  if (!(e instanceof ApiError)) return String(e.message || e);
  let s = `${e.status} ${e.code}: ${e.message}`;
  if (e.field) s += ` [${e.field}]`;
  if (e.allowed) s += ` → ${e.allowed.map(actionName).join(', ')}`;
  return s;
}

// Runs `call` for the button, showing progress and the outcome in `out`.
export async function perform(button, out, call, onDone) {
  button.disabled = true;
  out.className = 'outcome pending';
  out.textContent = '…';
  try {
    const res = await call();
    out.className = 'outcome ok';
    out.textContent = t('action.done');
    if (onDone) onDone(res);
  } catch (e) {
    out.className = 'outcome error';
    out.textContent = errorText(e);
  } finally {
    button.disabled = false;
  }
}

function categorySelect(categories, selected) {
  return h('select.category', [...categories.values()].map((c) => h('option', { value: c.code, selected: c.code === selected }, `${c.code} ${c.name}`)));
}

export function actionsPanel(ctx, c, suggestions, onChanged) {
  // The role's actions (GET /api/v1/me) that the case's status allows.
  const allowed = Object.keys(FROM).filter((a) => ctx.session.actions.has(a) && FROM[a].includes(c.status));
  const suggested = c.category || (c.classification && c.classification.category) || '';
  const rows = allowed.map((action) => {
    const out = h('span.outcome');
    const fields = [];
    const body = () => ({});
    let collect = body;
    if (['confirm', 'reclassify', 'verify'].includes(action)) {
      const sel = categorySelect(ctx.categories, suggested);
      fields.push(sel);
      collect = () => ({ category: sel.value });
    } else if (['reject', 'escalate'].includes(action)) {
      const reason = h('input.reason', { placeholder: t('action.reason') });
      fields.push(reason);
      collect = () => ({ reason: reason.value });
    } else if (action === 'supervise') {
      const reason = h('input.reason', { placeholder: t('action.reason') });
      const centres = [ctx.city.root, ...ctx.city.districts].filter(Boolean);
      const node = h('select.node', centres.map((n) => h('option', { value: n.id }, n.name)));
      fields.push(node, reason);
      collect = () => ({ reason: reason.value, node: node.value });
    } else if (action === 'inspect') {
      collect = () => ({ passed: true });
    }
    const act = (extra, button) => perform(button, out, () => ctx.api.act(c.id, action, extra), onChanged);
    const buttons = [];
    if (action === 'dispatch' && suggestions && suggestions.length) {
      for (const s of suggestions.slice(0, 4)) {
        const b = h('button.suggestion', { dataset: { department: s.department }, title: (s.reasons || []).join('；') },
          t('action.dispatchTo', { name: s.name }), h('small', ` ${(s.score * 100).toFixed(0)}`));
        b.addEventListener('click', () => act({ department: s.department }, b));
        buttons.push(b);
      }
    }
    const main = h('button', { dataset: { action } }, t(`action.${action}`));
    main.addEventListener('click', () => act(collect(), main));
    buttons.push(main);
    return h('div.action', { dataset: { action } }, h('div.action-controls', fields, buttons), out);
  });
  return h('div.actions', rows.length ? rows : h('div.empty', `${term('status', c.status)} · ${t('common.none')}`));
}

