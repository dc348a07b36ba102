// The audit log: every admin mutation, newest first, 50 a page.

import {h, show, table, time} from '../dom.js';

export async function page(ctx) {
  const body = h('div', {id: 'audit-list'});
  const more = h('button', {type: 'button', hidden: true}, 'Load more');
  let entries = [];
  let cursor = null;

  const load = async after => {
    const page = (await ctx.call('AuditLog', {after})).auditLog;
    entries = after ? [...entries, ...page.entries] : page.entries;
    cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    show(body, table(['When', 'Admin', 'Operation', 'Arguments'], entries.map(entry => [
      time(entry.at), h('code', {}, entry.actor), entry.operation, h('pre', {class: 'arguments'}, pretty(entry.arguments))]),
    'No admin mutation yet.'));
  };
  more.addEventListener('click', () => load(cursor).catch(ctx.fail));

  show(ctx.main,
    h('div', {class: 'title-row'}, h('h1', {}, 'Audit log'),
      h('button', {type: 'button', onclick: () => load(null).catch(ctx.fail)}, 'Refresh')),
    h('p', {class: 'intro'}, 'Every successful admin mutation: who (the token\'s sub), which, with what, when. The '
      + 'database keeps it append-only.'),
    body, more);
  await load(null);
}

function pretty(json) {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}
