// Leaderboards per window: a chart of the top users' points, the board, recompute, exclusions and the totals check.

import {h, number, s, show, table, time, userHref} from '../dom.js';
import {field, FieldError, form, options} from '../forms.js';

const WINDOWS = [['ALL_TIME', 'All time'], ['MONTH', 'This month'], ['WEEK', 'This week'], ['DAY', 'Today']];
const CHART_USERS = 10;

export async function page(ctx, window = 'ALL_TIME') {
  const limit = h('select', {}, options([[10, '10'], [50, '50'], [100, '100'], [500, '500']], 50));
  const meta = h('p', {class: 'meta', id: 'board-meta'});
  const chart = h('figure', {class: 'chart', id: 'board-chart'});
  const board = h('div', {id: 'board'});
  const reconciliation = h('div', {});

  const reload = async () => {
    const data = (await ctx.call('Leaderboard', {window, limit: Number(limit.value)})).leaderboard;
    show(meta, data.computedAt ? `Computed at ${time(data.computedAt)}` : 'Not computed yet.',
      data.periodStart ? `, for the period from ${time(data.periodStart)}` : '', '. Boards are recomputed every interval.');
    show(chart, barChart(data.entries.slice(0, CHART_USERS)), data.entries.length === 0 ? null
      : h('figcaption', {}, `Points of the top ${Math.min(CHART_USERS, data.entries.length)} users`));
    show(board, table(['Rank', 'User', 'Points', ''], data.entries.map(entry => [
      entry.rank, h('a', {href: userHref(entry.userId)}, entry.userId), number(entry.totalPoints),
      h('button', {type: 'button', class: 'small', onclick: () => hide(entry.userId)}, 'Hide')]),
    'Nobody on this board.'));
  };
  const hide = async userId => {
    try {
      await ctx.call('SetLeaderboardExclusion', {userId, excluded: true});
      ctx.notify(`${userId} is hidden from the leaderboards.`);
      await reload();
    } catch (failure) {
      ctx.fail(failure);
    }
  };
  const recompute = h('button', {type: 'button', class: 'primary', id: 'recompute', onclick: async () => {
    recompute.disabled = true;
    try {
      await ctx.call('RecomputeLeaderboard');
      ctx.notify('Leaderboards recomputed.');
      await reload();
    } catch (failure) {
      ctx.fail(failure);
    } finally {
      recompute.disabled = false;
    }
  }}, 'Recompute now');
  const check = h('button', {type: 'button', onclick: async () => {
    try {
      show(reconciliation, reconciliationReport((await ctx.call('TotalsReconciliation')).totalsReconciliation));
    } catch (failure) {
      ctx.fail(failure);
    }
  }}, 'Check totals against the log');
  const unhide = h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false'});
  limit.addEventListener('change', () => reload().catch(ctx.fail));

  show(ctx.main,
    h('h1', {}, 'Leaderboards'),
    h('nav', {class: 'tabs', 'aria-label': 'Windows'}, WINDOWS.map(([value, label]) =>
      h('a', {href: '#/leaderboards/' + value, 'aria-current': value === window ? 'page' : null}, label))),
    h('div', {class: 'toolbar'}, meta, field({label: 'Show', name: 'limit', control: limit}), recompute),
    h('div', {class: 'columns board-columns'}, board, chart),
    h('div', {class: 'columns'},
      h('section', {'aria-labelledby': 'unhide-title'}, h('h2', {id: 'unhide-title'}, 'Show a hidden user again'),
        form({id: 'unhide-form', class: 'card-form', onsubmit: async () => {
          if (unhide.value.trim() === '') {
            throw new FieldError('userId', 'is required');
          }
          await ctx.call('SetLeaderboardExclusion', {userId: unhide.value.trim(), excluded: false});
          ctx.notify(`${unhide.value.trim()} is shown again from the next computation.`);
          unhide.value = '';
        }},
        field({label: 'User id', name: 'userId', control: unhide,
          hint: 'They reappear at the next computation (Recompute now for at once).'}),
        h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Show again')))),
      h('section', {'aria-labelledby': 'check-title'}, h('h2', {id: 'check-title'}, 'Totals'),
        h('p', {class: 'hint'}, 'Compares the totals behind the boards with the points log, which is the truth.'),
        check, reconciliation)));
  await reload();
}

/** Horizontal bars, one per user, scaled to the first (the highest); each labelled with its user and points. */
function barChart(entries) {
  if (entries.length === 0) {
    return h('p', {class: 'empty'}, 'No points yet.');
  }
  const width = 480;
  const labelWidth = 130;
  const valueWidth = 70;
  const bar = 22;
  const gap = 8;
  const height = entries.length * (bar + gap);
  const top = Math.max(1, entries[0].totalPoints);
  return s('svg', {viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': 'Points of the top users: ' + entries.map(e => `${e.userId} ${e.totalPoints}`).join(', ')},
  entries.map((entry, i) => {
    const y = i * (bar + gap);
    const length = Math.max(2, (width - labelWidth - valueWidth) * entry.totalPoints / top);
    const label = entry.userId.length > 16 ? entry.userId.slice(0, 15) + '…' : entry.userId;
    return s('g', {class: 'bar'},
      s('title', {}, `#${entry.rank} ${entry.userId}: ${entry.totalPoints} points`),
      s('text', {x: labelWidth - 8, y: y + bar * 0.7, 'text-anchor': 'end'}, label),
      s('rect', {x: labelWidth, y, width: length, height: bar, rx: 3}),
      s('text', {x: labelWidth + length + 6, y: y + bar * 0.7}, number(entry.totalPoints)));
  }));
}

function reconciliationReport(result) {
  if (result.consistent) {
    return h('p', {class: 'ok'}, `Consistent at ${time(result.checkedAt)}: every total equals its log.`);
  }
  return h('div', {},
    h('p', {class: 'problem'}, `${result.differenceCount} totals differ from the log (checked ${time(result.checkedAt)}).`),
    table(['User', 'Window', 'Period', 'Projected', 'Logged'], result.differences.map(d => [
      h('a', {href: userHref(d.userId)}, d.userId), d.window, time(d.periodStart), number(d.projectedPoints),
      number(d.loggedPoints)])));
}
