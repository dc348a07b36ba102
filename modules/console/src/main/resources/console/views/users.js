// A user: profile, level, milestones, streaks, points and rewards history, kept live by polling the profile; point
// adjustments, revocations, leaderboard exclusion and erasure.

import {h, number, show, table, time, userHref} from '../dom.js';
import {dialog, field, FieldError, form, numberValue} from '../forms.js';

const POLL_MS = 2000;

export function search(ctx) {
  const userId = h('input', {type: 'search', autocomplete: 'off', spellcheck: 'false', required: true});
  show(ctx.main,
    h('h1', {}, 'Users'),
    form({id: 'user-search', class: 'card-form', role: 'search', onsubmit: () => {
      if (userId.value.trim() === '') {
        throw new FieldError('userId', 'is required');
      }
      ctx.go(userHref(userId.value.trim()));
    }},
    field({label: 'User id', name: 'userId', control: userId,
      hint: 'The platform\'s user id (the sub of their token). Or pick a user on a leaderboard.'}),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Open'))));
  userId.focus();
}

export async function page(ctx, encoded) {
  const userId = decodeURIComponent(encoded);
  const live = h('span', {class: 'live', id: 'live'});
  const summary = h('div', {class: 'cards', id: 'summary'});
  const badges = h('div', {});
  const titles = h('div', {});
  const milestones = h('div', {});
  const streaks = h('div', {});
  const points = pager(ctx, 'PointsHistory', 'pointsHistory', userId, pointsTable);
  const rewards = pager(ctx, 'RewardHistory', 'rewards', userId, entries => rewardsTable(entries, names));
  let names = {badges: new Map(), titles: new Map(), levels: new Map()};
  let shown = null;

  const refresh = async () => {
    const profile = (await ctx.call('UserProfile', {userId})).gamificationProfile;
    const text = JSON.stringify(profile);
    if (text !== shown) {
      shown = text;
      renderProfile(ctx, profile, {summary, badges, titles, milestones, streaks}, refresh);
      await Promise.all([points.reload(), rewards.reload()]);
    }
    live.textContent = 'Live · checked ' + new Date().toISOString().slice(11, 19) + ' UTC';
  };

  show(ctx.main,
    h('div', {class: 'title-row'}, h('h1', {}, 'User ', h('code', {id: 'user-id'}, userId)), live),
    summary,
    h('div', {class: 'columns'},
      h('section', {'aria-labelledby': 'adjust-title'}, h('h2', {id: 'adjust-title'}, 'Adjust points'),
        adjustForm(ctx, userId, refresh)),
      h('section', {'aria-labelledby': 'boards-title'}, h('h2', {id: 'boards-title'}, 'Leaderboards'),
        exclusion(ctx, userId, refresh))),
    h('section', {'aria-labelledby': 'badges-title', id: 'user-badges'}, h('h2', {id: 'badges-title'}, 'Badges'), badges),
    h('section', {'aria-labelledby': 'titles-title', id: 'user-titles'}, h('h2', {id: 'titles-title'}, 'Titles'), titles),
    h('div', {class: 'columns'},
      h('section', {'aria-labelledby': 'milestones-title'}, h('h2', {id: 'milestones-title'}, 'Milestones'), milestones),
      h('section', {'aria-labelledby': 'streaks-title'}, h('h2', {id: 'streaks-title'}, 'Streaks'), streaks)),
    h('section', {'aria-labelledby': 'points-title', id: 'points-history'},
      h('h2', {id: 'points-title'}, 'Points history'), points.element),
    h('section', {'aria-labelledby': 'rewards-title', id: 'rewards-history'},
      h('h2', {id: 'rewards-title'}, 'Rewards history'), rewards.element),
    h('section', {'aria-labelledby': 'erase-title', class: 'danger-zone'},
      h('h2', {id: 'erase-title'}, 'Erase this user'),
      h('p', {}, 'Deletes every row about them (points, awards, progress, history); leaderboards forget them at once. '
        + 'The audit log keeps the fact, not the data. This cannot be undone.'),
      h('button', {type: 'button', class: 'danger', onclick: () => erase(ctx, userId)}, 'Erase user…')));

  const catalog = await ctx.call('Catalog');
  names = {
    badges: new Map(catalog.badges.map(badge => [badge.id, badge.name])),
    titles: new Map(catalog.titles.map(title => [title.id, title.name])),
    levels: new Map(catalog.levels.map(level => [level.id, level.name])),
  };
  await ctx.every(POLL_MS, refresh);
}

function renderProfile(ctx, profile, parts, refresh) {
  const card = (label, value, id, note = null) => h('div', {class: 'card'},
    h('div', {class: 'card-label'}, label), h('div', {class: 'card-value', id}, value),
    note ? h('div', {class: 'card-note'}, note) : null);
  show(parts.summary,
    card('Total points', number(profile.totalPoints), 'total-points'),
    card('All-time rank', profile.rank ?? '—', 'rank', profile.rank == null ? 'no points, hidden, or not computed yet' : null),
    card('Level', profile.level?.name ?? 'none', 'level',
      profile.level ? `from ${number(profile.level.minPoints)} points` : null),
    card('Next level', profile.nextLevel?.name ?? '—', 'next-level',
      profile.nextLevel ? `${number(profile.pointsToNextLevel)} points to go` : null),
    card('Equipped title', profile.equippedTitle?.name ?? 'none', 'equipped-title'));
  show(parts.badges, table(['Badge', 'Awarded', 'Granted by', 'Event', ''], profile.badges.map(award => [
    award.badge.name, time(award.awardedAt), grantedBy(award.rule), award.eventId ?? '—',
    h('button', {type: 'button', class: 'small',
      onclick: () => revoke(ctx, profile.userId, 'badge', award.badge, refresh)}, 'Revoke…')]), 'No badges.'));
  show(parts.titles, table(['Title', 'Equipped', 'Awarded', 'Granted by', 'Event', ''], profile.titles.map(award => [
    award.title.name, award.isEquipped ? 'yes' : 'no', time(award.awardedAt), grantedBy(award.rule),
    award.eventId ?? '—',
    h('button', {type: 'button', class: 'small',
      onclick: () => revoke(ctx, profile.userId, 'title', award.title, refresh)}, 'Revoke…')]), 'No titles.'));
  show(parts.milestones, table(['Rule', 'Progress', 'Reached'], profile.milestones.map(progress => [
    `#${progress.rule.id} ${progress.rule.description}`,
    h('span', {class: 'progress'},
      h('progress', {max: progress.threshold, value: Math.min(progress.count, progress.threshold),
        'aria-label': `${progress.count} of ${progress.threshold}`}),
      ` ${number(progress.count)} / ${number(progress.threshold)}`),
    time(progress.completedAt)]), 'No milestone rule matched yet.'));
  show(parts.streaks, table(['Rule', 'Current', 'Longest', 'Latest period'], profile.streaks.map(progress => [
    `#${progress.rule.id} ${progress.rule.description}`,
    `${progress.current} / ${progress.rule.streak.length} ${progress.rule.streak.period === 'DAY' ? 'days' : 'weeks'}`,
    number(progress.longest), time(progress.lastPeriodStart)]), 'No streak rule matched yet.'));
}

function grantedBy(rule) {
  if (!rule) {
    return 'an admin';
  }
  return `#${rule.id} ${rule.description}`;
}

/** A paged history: the first page on reload, the next ones on "Load more". */
function pager(ctx, operation, fieldName, userId, render) {
  const body = h('div', {});
  const more = h('button', {type: 'button', class: 'small', hidden: true}, 'Load more');
  let entries = [];
  let cursor = null;
  const load = async after => {
    const page = (await ctx.call(operation, {userId, after}))[fieldName];
    entries = after ? [...entries, ...page.entries] : page.entries;
    cursor = page.pageInfo.endCursor;
    more.hidden = !page.pageInfo.hasNextPage;
    show(body, render(entries));
  };
  more.addEventListener('click', () => load(cursor).catch(ctx.fail));
  return {element: h('div', {}, body, more), reload: () => load(null)};
}

function pointsTable(entries) {
  return table(['Recorded', 'Points', 'Kind', 'Rule or reason', 'Event', 'Entity', 'By', 'Occurred'],
    entries.map(entry => [
      time(entry.createdAt),
      h('span', {class: entry.points < 0 ? 'negative' : 'positive'}, number(entry.points, true)),
      entry.kind,
      entry.reason ?? `#${entry.rule.id} ${entry.rule.description}`,
      entry.eventId, entry.relatedEntityId ?? '—', entry.createdBy, time(entry.occurredAt)]),
    'No points yet.');
}

function rewardsTable(entries, names) {
  const what = reward => {
    switch (reward.type) {
      case 'POINTS': return `${number(reward.points, true)} points (${reward.kind})`;
      case 'BADGE': return 'badge ' + (names.badges.get(reward.badgeId) ?? '#' + reward.badgeId);
      case 'BADGE_REVOKED': return 'badge revoked: ' + (names.badges.get(reward.badgeId) ?? '#' + reward.badgeId);
      case 'TITLE': return 'title ' + (names.titles.get(reward.titleId) ?? '#' + reward.titleId);
      case 'TITLE_REVOKED': return 'title revoked: ' + (names.titles.get(reward.titleId) ?? '#' + reward.titleId);
      case 'LEVEL': return 'level ' + (names.levels.get(reward.levelId) ?? '#' + reward.levelId);
      default: return reward.type.toLowerCase();
    }
  };
  return table(['Awarded', 'Type', 'What', 'Rule', 'Event', 'Reward id'], entries.map(reward => [
    time(reward.awardedAt), reward.type, what(reward), '#' + reward.ruleId, reward.eventId,
    h('code', {}, reward.rewardId)]), 'No rewards yet.');
}

function adjustForm(ctx, userId, refresh) {
  const points = h('input', {type: 'number', step: 1, min: -1000000, max: 1000000, id: 'adjust-points'});
  const reason = h('input', {type: 'text', autocomplete: 'off', id: 'adjust-reason', maxlength: 500});
  const element = form({id: 'adjust-form', onsubmit: async () => {
    const amount = numberValue(points, 'points', true);
    if (!Number.isInteger(amount)) {
      throw new FieldError('points', 'must be a whole number');
    }
    if (reason.value.trim() === '') {
      throw new FieldError('reason', 'is required: say why (it is kept in the log and the audit)');
    }
    const entry = (await ctx.call('AdjustPoints', {userId, points: amount, reason: reason.value})).adjustPoints;
    ctx.notify(`Adjusted ${userId} by ${number(entry.points, true)} points.`);
    element.reset();
    await refresh();
  }},
  h('div', {class: 'grid'},
    field({label: 'Points', name: 'points', control: points,
      hint: 'Positive to add, negative to take away (never below a total of 0); at most 1,000,000 either way.'}),
    field({label: 'Reason', name: 'reason', control: reason, hint: 'Shown in the points history and the audit log.'})),
  h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Adjust points')));
  return element;
}

function exclusion(ctx, userId, refresh) {
  const set = excluded => async () => {
    try {
      await ctx.call('SetLeaderboardExclusion', {userId, excluded});
      ctx.notify(excluded ? `${userId} is hidden from the leaderboards.`
        : `${userId} is shown again on the leaderboards from the next computation.`);
      await refresh();
    } catch (failure) {
      ctx.fail(failure);
    }
  };
  return h('div', {},
    h('p', {class: 'hint'}, 'A hidden user (a bot, a suspended account) keeps their points but vanishes from every board at '
      + 'once; the others close the gap at the next computation.'),
    h('div', {class: 'actions'},
      h('button', {type: 'button', onclick: set(true)}, 'Hide from leaderboards'),
      h('button', {type: 'button', onclick: set(false)}, 'Show on leaderboards')));
}

async function revoke(ctx, userId, kind, award, refresh) {
  const reason = h('textarea', {rows: 2});
  const done = await dialog({
    title: `Revoke the ${kind} “${award.name}”?`,
    body: h('p', {}, `${userId} loses it${kind === 'title' ? ' (unequipped if shown)' : ''}; the revocation is published. `
      + 'A later qualifying event may grant it again.'),
    fields: field({label: 'Reason', name: 'reason', control: reason}),
    submitLabel: 'Revoke',
    danger: true,
    onsubmit: () => kind === 'badge'
      ? ctx.call('RevokeBadge', {userId, badgeId: award.id, reason: reason.value})
      : ctx.call('RevokeTitle', {userId, titleId: award.id, reason: reason.value}),
  });
  if (done) {
    ctx.notify(`Revoked the ${kind} “${award.name}” of ${userId}.`);
    await refresh();
  }
}

async function erase(ctx, userId) {
  const confirmation = h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false'});
  const done = await dialog({
    title: 'Erase this user?',
    body: h('p', {}, 'Every row about ', h('code', {}, userId), ' goes, for good. Type the user id to confirm.'),
    fields: field({label: 'User id', name: 'confirm', control: confirmation}),
    submitLabel: 'Erase for good',
    danger: true,
    onsubmit: async () => {
      if (confirmation.value !== userId) {
        throw new FieldError('confirm', 'must be the user id, exactly');
      }
      await ctx.call('EraseUser', {userId});
    },
  });
  if (done) {
    ctx.notify(`Erased ${userId}.`);
    ctx.go('#/users');
  }
}
