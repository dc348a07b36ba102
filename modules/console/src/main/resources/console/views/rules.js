// Rules (CONTRACT §3, §7, §8): the list with filters, and one form for every field of RuleInput, explaining each kind.

import {h, number, show, table, time} from '../dom.js';
import {
  dialog, errorSlot, field, FieldError, form, instantValue, numberValue, options, setInstant,
} from '../forms.js';

const PERIODS = [['DAY', 'UTC day'], ['WEEK', 'ISO week (from Monday)'], ['MONTH', 'UTC month'], ['ALL_TIME', 'all time']];
const STREAK_PERIODS = [['DAY', 'UTC days'], ['WEEK', 'ISO weeks']];
const OPS = [['EQ', '= equals'], ['NE', '≠ differs from'], ['GT', '> greater than'], ['GTE', '≥ at least'],
  ['LT', '< less than'], ['LTE', '≤ at most'], ['IN', 'is one of'], ['EXISTS', 'is present']];
const OP_SIGNS = {EQ: '=', NE: '≠', GT: '>', GTE: '≥', LT: '<', LTE: '≤', IN: 'in', EXISTS: 'exists'};
const KINDS = [
  ['plain', 'Plain', 'Grants on each matching event: points once per related entity (else per event), a badge or '
    + 'title once per user. May be capped per period.'],
  ['milestone', 'Milestone', 'Grants once, at the event that brings the user\'s distinct matching events to the '
    + 'threshold (the 5th gig). Several thresholds on one event make tiers.'],
  ['streak', 'Streak', 'Grants once, the first time the user has matching events on so many consecutive UTC days or '
    + 'ISO weeks. A late event can complete a streak.'],
  ['reversal', 'Reversal', 'Takes back, once, the points another rule granted the same user for the same related '
    + 'entity (gig.cancelled reverses gig.completed), never below a total of 0. No rewards of its own.'],
];
const KIND_FILTERS = [['all', 'Any kind'], ['plain', 'Plain'], ['capped', 'Capped'], ['milestone', 'Milestone'],
  ['streak', 'Streak'], ['reversal', 'Reversal'], ['builtIn', 'Built-in']];

function kindOf(rule) {
  if (rule.builtIn) {
    return 'builtIn';
  }
  if (rule.reverses) {
    return 'reversal';
  }
  if (rule.threshold != null) {
    return 'milestone';
  }
  if (rule.streak) {
    return 'streak';
  }
  return rule.cap ? 'capped' : 'plain';
}

function kindText(rule) {
  switch (kindOf(rule)) {
    case 'builtIn': return 'Built-in';
    case 'reversal': return 'Reversal';
    case 'milestone': return `Milestone: event #${rule.threshold}`;
    case 'streak': return `Streak: ${rule.streak.length} ${rule.streak.period === 'DAY' ? 'days' : 'weeks'} in a row`;
    case 'capped': return `Capped: ${rule.cap.count} per ${PERIODS.find(([p]) => p === rule.cap.period)[1]}`;
    default: return 'Plain';
  }
}

function rewardsText(rule) {
  const parts = [];
  if (rule.pointsAwarded != null) {
    parts.push(number(rule.pointsAwarded) + ' points');
  }
  if (rule.pointsFromAttribute) {
    parts.push(`points = ${rule.pointsFromAttribute} × ${rule.pointsMultiplier ?? 1}`);
  }
  if (rule.badge) {
    parts.push('badge “' + rule.badge.name + '”');
  }
  if (rule.title) {
    parts.push('title “' + rule.title.name + '”');
  }
  if (rule.reverses) {
    parts.push(`takes back rule #${rule.reverses.id}'s points`);
  }
  return parts.join(', ') || '—';
}

function whenText(rule) {
  const parts = rule.conditions.map(c => c.op === 'EXISTS' ? `${c.attribute} exists`
    : `${c.attribute} ${OP_SIGNS[c.op]} ${c.op === 'IN' ? '[' + c.values.join(', ') + ']' : c.value}`);
  if (rule.validFrom) {
    parts.push('from ' + time(rule.validFrom));
  }
  if (rule.validUntil) {
    parts.push('until ' + time(rule.validUntil));
  }
  return parts.join('; ') || 'always';
}

/** The RuleInput that gives this rule back as it is (updateRule replaces the whole rule). */
function inputOf(rule) {
  const input = {eventName: rule.eventName, description: rule.description, active: rule.active};
  const copy = {
    pointsAwarded: rule.pointsAwarded, badgeId: rule.badge?.id, titleId: rule.title?.id,
    pointsFromAttribute: rule.pointsFromAttribute, pointsMultiplier: rule.pointsMultiplier,
    validFrom: rule.validFrom, validUntil: rule.validUntil, cap: rule.cap, threshold: rule.threshold,
    streak: rule.streak, reverses: rule.reverses?.id,
  };
  for (const [key, value] of Object.entries(copy)) {
    if (value !== null && value !== undefined) {
      input[key] = value;
    }
  }
  if (rule.conditions.length > 0) {
    input.conditions = rule.conditions.map(({attribute, op, value, values}) =>
      op === 'IN' ? {attribute, op, values} : op === 'EXISTS' ? {attribute, op} : {attribute, op, value});
  }
  return input;
}

export async function list(ctx) {
  const eventName = h('input', {type: 'search', autocomplete: 'off', placeholder: 'e.g. gig.completed'});
  const status = h('select', {}, options([['all', 'Active or not'], ['active', 'Active'], ['inactive', 'Inactive']], 'all'));
  const kind = h('select', {}, options(KIND_FILTERS, 'all'));
  const text = h('input', {type: 'search', autocomplete: 'off'});
  const results = h('div', {id: 'rule-list'});
  let rules = [];

  const redraw = () => {
    const needle = text.value.trim().toLowerCase();
    const shown = rules.filter(rule => (status.value === 'all' || rule.active === (status.value === 'active'))
      && (kind.value === 'all' || kindOf(rule) === kind.value)
      && (needle === '' || rule.description.toLowerCase().includes(needle)));
    show(results, table(['#', 'Event', 'Description', 'Kind', 'Rewards', 'When', 'Status', ''],
      shown.map(rule => [
        rule.id, h('code', {}, rule.eventName), rule.description, kindText(rule), rewardsText(rule), whenText(rule),
        h('span', {class: rule.active ? 'pill ok' : 'pill'}, rule.active ? 'active' : 'inactive'),
        actions(ctx, rule, reload)]),
      rules.length === 0 ? 'No rules yet.' : 'No rule matches these filters.'));
  };
  const reload = async () => {
    rules = (await ctx.call('Rules', {eventName: eventName.value.trim() || null})).rules;
    redraw();
  };
  status.addEventListener('change', redraw);
  kind.addEventListener('change', redraw);
  text.addEventListener('input', redraw);

  show(ctx.main,
    h('div', {class: 'title-row'}, h('h1', {}, 'Rules'), h('a', {href: '#/rules/new', class: 'button primary'}, 'New rule')),
    form({class: 'filters', role: 'search', 'aria-label': 'Filter rules', onsubmit: reload},
      field({label: 'Event name', name: 'eventName', control: eventName}),
      field({label: 'Status', name: 'status', control: status}),
      field({label: 'Kind', name: 'kind', control: kind}),
      field({label: 'Description contains', name: 'text', control: text}),
      h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Apply'))),
    results);
  await reload();
}

function actions(ctx, rule, reload) {
  if (rule.builtIn) {
    return h('span', {class: 'muted'}, 'fixed');
  }
  return h('div', {class: 'row-actions'},
    h('a', {href: '#/rules/' + rule.id, class: 'button small'}, 'Edit'),
    rule.active ? h('button', {type: 'button', class: 'small', onclick: () => backfill(ctx, rule)}, 'Backfill…') : null,
    rule.active
      ? h('button', {type: 'button', class: 'small', onclick: () => deactivate(ctx, rule, reload)}, 'Deactivate…')
      : h('button', {type: 'button', class: 'small', onclick: () => activate(ctx, rule, reload)}, 'Activate'));
}

async function backfill(ctx, rule) {
  const since = h('input', {type: 'datetime-local', step: '1'});
  let job = null;
  const started = await dialog({
    title: `Backfill rule #${rule.id}`,
    body: h('p', {}, 'Applies this rule to the events processed before it existed, in occurredAt order, in the '
      + 'background. Exactly once: an event never grants twice, live or replayed.'),
    fields: field({label: 'Since (UTC, optional)', name: 'since', control: since,
      hint: 'Only events that occurred from then on; empty for every stored event.'}),
    submitLabel: 'Start backfill',
    onsubmit: async () => {
      job = (await ctx.call('BackfillRule', {ruleId: rule.id, since: instantValue(since)})).backfillRule;
    },
  });
  if (started) {
    ctx.notify(`Backfill job ${job.id} started for rule #${rule.id}.`);
    ctx.go('#/jobs');
  }
}

async function deactivate(ctx, rule, reload) {
  const done = await dialog({
    title: `Deactivate rule #${rule.id}?`,
    body: [h('p', {}, rule.description),
      h('p', {}, 'It stops matching events from the next batch. Its history stays, and it can be activated again.')],
    submitLabel: 'Deactivate',
    danger: true,
    onsubmit: () => ctx.call('DeleteRule', {id: rule.id}),
  });
  if (done) {
    ctx.notify(`Rule #${rule.id} deactivated.`);
    await reload();
  }
}

async function activate(ctx, rule, reload) {
  await ctx.call('UpdateRule', {id: rule.id, input: {...inputOf(rule), active: true}});
  ctx.notify(`Rule #${rule.id} activated.`);
  await reload();
}

export async function create(ctx) {
  const [rules, catalog] = await Promise.all([ctx.call('Rules', {}), ctx.call('Catalog')]);
  show(ctx.main, h('h1', {}, 'New rule'), ruleForm(ctx, null, rules.rules, catalog));
}

export async function edit(ctx, id) {
  const [rules, catalog] = await Promise.all([ctx.call('Rules', {}), ctx.call('Catalog')]);
  const rule = rules.rules.find(candidate => candidate.id === id);
  if (!rule) {
    show(ctx.main, h('h1', {}, `No rule #${id}`), h('p', {}, h('a', {href: '#/rules'}, 'Back to the rules')));
  } else if (rule.builtIn) {
    show(ctx.main, h('h1', {}, `Rule #${id}`), h('p', {}, 'A built-in rule (adjustments, levels, revocations) '
      + 'never matches an event and cannot be changed.'));
  } else {
    show(ctx.main, h('h1', {}, `Edit rule #${id}`), ruleForm(ctx, rule, rules.rules, catalog));
  }
}

/** The form of a new rule (rule null) or of an existing one: every field of RuleInput. */
function ruleForm(ctx, rule, rules, catalog) {
  const editing = rule !== null;
  const fixed = 'Fixed once created: create a new rule (and deactivate this one) to change it.';

  // what the rule matches
  const eventName = h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false', readonly: editing,
    value: rule?.eventName ?? '', placeholder: 'course.completed'});
  const description = h('textarea', {rows: 2, value: rule?.description ?? ''});
  const active = h('input', {type: 'checkbox', checked: rule ? rule.active : true});

  // its kind
  const ruleKind = rule ? kindOf(rule) : 'plain';
  const kindRadios = KINDS.map(([value, label, explanation]) => h('label', {class: 'choice'},
    h('input', {type: 'radio', name: 'kind', value, checked: (ruleKind === 'capped' ? 'plain' : ruleKind) === value,
      disabled: editing}),
    h('span', {}, h('strong', {}, label), ' — ', explanation)));
  const threshold = h('input', {type: 'number', min: 2, max: 1000000, step: 1, readonly: editing,
    value: rule?.threshold ?? ''});
  const streakLength = h('input', {type: 'number', min: 2, max: 1000, step: 1, readonly: editing,
    value: rule?.streak?.length ?? ''});
  const streakPeriod = h('select', {disabled: editing}, options(STREAK_PERIODS, rule?.streak?.period ?? 'DAY'));
  const reversible = rules.filter(other => !other.builtIn && other.id !== rule?.id);
  const reverses = h('select', {}, options([['', 'Choose a rule…'],
    ...reversible.map(other => [other.id, `#${other.id} ${other.eventName} — ${other.description}`])], rule?.reverses?.id));

  // its rewards
  const mode = rule?.pointsFromAttribute ? 'attribute' : rule?.pointsAwarded != null ? 'fixed' : rule ? 'none' : 'fixed';
  const pointsModes = [['none', 'No points'], ['fixed', 'A fixed number'], ['attribute', 'From an event attribute']]
    .map(([value, label]) => h('label', {class: 'choice inline'},
      h('input', {type: 'radio', name: 'points-mode', value, checked: value === mode}), ' ', label));
  const pointsAwarded = h('input', {type: 'number', min: 1, max: 1000000, step: 1, value: rule?.pointsAwarded ?? ''});
  const pointsFrom = h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'amount',
    value: rule?.pointsFromAttribute ?? ''});
  const multiplier = h('input', {type: 'number', step: 'any', min: 0, placeholder: '1', value: rule?.pointsMultiplier ?? ''});
  const badge = h('select', {}, options([['', 'No badge'], ...catalog.badges.map(b => [b.id, b.name])], rule?.badge?.id));
  const title = h('select', {}, options([['', 'No title'], ...catalog.titles.map(t => [t.id, t.name])], rule?.title?.id));

  // its limits
  const capped = h('input', {type: 'checkbox', checked: Boolean(rule?.cap)});
  const capCount = h('input', {type: 'number', min: 1, step: 1, value: rule?.cap?.count ?? ''});
  const capPeriod = h('select', {}, options(PERIODS, rule?.cap?.period ?? 'DAY'));
  const validFrom = h('input', {type: 'datetime-local', step: '1'});
  const validUntil = h('input', {type: 'datetime-local', step: '1'});
  setInstant(validFrom, rule?.validFrom);
  setInstant(validUntil, rule?.validUntil);
  const conditions = conditionList(rule?.conditions ?? []);

  const section = (name, ...children) => h('div', {'data-section': name}, children);
  const milestoneSection = section('milestone', field({label: 'Threshold (the Nth distinct event)',
    name: 'input.threshold', control: threshold, hint: editing ? fixed : '2 to 1,000,000.'}));
  const streakSection = section('streak', h('fieldset', {},
    h('legend', {}, 'Streak'), errorSlot('input.streak'),
    h('div', {class: 'grid'},
      field({label: 'Length (consecutive periods)', name: 'input.streak.length', control: streakLength,
        hint: editing ? fixed : '2 to 1,000.'}),
      field({label: 'Period', name: 'input.streak.period', control: streakPeriod}))));
  const reversalSection = section('reversal', field({label: 'Rule whose points it takes back', name: 'input.reverses',
    control: reverses, hint: 'For an event with a relatedEntityId: what that rule granted the same user for it.'}));
  const fixedPoints = field({label: 'Points', name: 'input.pointsAwarded', control: pointsAwarded,
    hint: '1 to 1,000,000, recorded at the rule\'s value of the moment.'});
  const attributePoints = h('div', {class: 'grid'},
    field({label: 'Attribute', name: 'input.pointsFromAttribute', control: pointsFrom,
      hint: 'A number attribute of the event; an event without it (or with a string) does not match.'}),
    field({label: 'Multiplier', name: 'input.pointsMultiplier', control: multiplier,
      hint: 'Greater than 0; empty means 1. Points = floor(attribute × multiplier), at most 1,000,000.'}));
  const rewardsSection = section('rewards', h('fieldset', {},
    h('legend', {}, 'Rewards'), errorSlot('input'),
    h('div', {role: 'radiogroup', 'aria-label': 'Points'}, pointsModes),
    fixedPoints, attributePoints,
    h('div', {class: 'grid'},
      field({label: 'Badge', name: 'input.badgeId', control: badge}),
      field({label: 'Title', name: 'input.titleId', control: title})),
    h('p', {class: 'hint'}, 'A rule grants points, a badge, a title, or several; a badge or title at most once per user.')));
  const capFields = h('div', {class: 'grid'},
    field({label: 'At most', name: 'input.cap.count', control: capCount, hint: 'Grants per user and period; 1 or more.'}),
    field({label: 'Per', name: 'input.cap.period', control: capPeriod}));
  const capSection = section('cap', h('fieldset', {},
    h('legend', {}, 'Cap'), errorSlot('input.cap'),
    h('label', {class: 'choice inline'}, capped, ' Limit how often this rule grants'),
    capFields,
    h('p', {class: 'hint'}, 'Counted by occurredAt, in UTC periods. An event past the cap grants nothing from this '
      + 'rule, now or later. A cap added later counts grants from then on.')));

  const sync = () => {
    const kind = kindRadios.map(label => label.querySelector('input')).find(radio => radio.checked).value;
    const points = pointsModes.map(label => label.querySelector('input')).find(radio => radio.checked).value;
    milestoneSection.hidden = kind !== 'milestone';
    streakSection.hidden = kind !== 'streak';
    reversalSection.hidden = kind !== 'reversal';
    rewardsSection.hidden = kind === 'reversal';
    capSection.hidden = kind !== 'plain';
    fixedPoints.hidden = points !== 'fixed';
    attributePoints.hidden = points !== 'attribute';
    capFields.hidden = !capped.checked;
  };

  const input = () => {
    const kind = kindRadios.map(label => label.querySelector('input')).find(radio => radio.checked).value;
    const result = {eventName: eventName.value.trim(), description: description.value, active: active.checked};
    if (kind === 'reversal') {
      if (!reverses.value) {
        throw new FieldError('input.reverses', 'is required: choose the rule whose points this one takes back');
      }
      result.reverses = reverses.value;
    } else {
      const points = pointsModes.map(label => label.querySelector('input')).find(radio => radio.checked).value;
      if (points === 'fixed') {
        result.pointsAwarded = whole(pointsAwarded, 'input.pointsAwarded');
      } else if (points === 'attribute') {
        result.pointsFromAttribute = pointsFrom.value.trim();
        const factor = numberValue(multiplier, 'input.pointsMultiplier');
        if (factor !== null) {
          result.pointsMultiplier = factor;
        }
      }
      if (badge.value) {
        result.badgeId = badge.value;
      }
      if (title.value) {
        result.titleId = title.value;
      }
      if (kind === 'plain' && capped.checked) {
        result.cap = {count: whole(capCount, 'input.cap.count'), period: capPeriod.value};
      } else if (kind === 'milestone') {
        result.threshold = whole(threshold, 'input.threshold');
      } else if (kind === 'streak') {
        result.streak = {length: whole(streakLength, 'input.streak.length'), period: streakPeriod.value};
      }
    }
    const from = instantValue(validFrom);
    const until = instantValue(validUntil);
    if (from) {
      result.validFrom = from;
    }
    if (until) {
      result.validUntil = until;
    }
    const given = conditions.read();
    if (given.length > 0) {
      result.conditions = given;
    }
    return result;
  };

  const element = form({id: 'rule-form', class: 'rule-form', onchange: sync, onsubmit: async () => {
    if (editing) {
      await ctx.call('UpdateRule', {id: rule.id, input: input()});
      ctx.notify(`Rule #${rule.id} saved.`);
    } else {
      const created = (await ctx.call('CreateRule', {input: input()})).createRule;
      ctx.notify(`Rule #${created.id} created.`);
    }
    ctx.go('#/rules');
  }},
  h('fieldset', {},
    h('legend', {}, 'Event'),
    h('div', {class: 'grid'},
      field({label: 'Event name', name: 'input.eventName', control: eventName,
        hint: editing ? fixed : 'Dot-separated [a-z0-9_] words, as events carry it: gig.completed.'}),
      h('div', {class: 'field'}, h('label', {class: 'choice inline'}, active, ' Active'),
        h('p', {class: 'hint'}, 'An inactive rule matches nothing and counts nothing.'))),
    field({label: 'Description', name: 'input.description', control: description, wide: true})),
  h('fieldset', {},
    h('legend', {}, 'Kind'),
    h('div', {role: 'radiogroup', 'aria-label': 'Kind', class: 'kinds'}, kindRadios),
    editing ? h('p', {class: 'hint'}, 'The kind, threshold and streak are ' + fixed.charAt(0).toLowerCase()
      + fixed.slice(1)) : null,
    milestoneSection, streakSection, reversalSection),
  rewardsSection,
  capSection,
  h('fieldset', {},
    h('legend', {}, 'Campaign window'),
    h('div', {class: 'grid'},
      field({label: 'Valid from (UTC)', name: 'input.validFrom', control: validFrom,
        hint: 'Events that occurred at or after this instant. Empty: no start.'}),
      field({label: 'Valid until (UTC)', name: 'input.validUntil', control: validUntil,
        hint: 'Events that occurred before this instant. Empty: no end.'}))),
  conditions.element,
  h('div', {class: 'actions'},
    h('button', {type: 'submit', class: 'primary'}, editing ? 'Save rule' : 'Create rule'),
    h('a', {href: '#/rules', class: 'button'}, 'Cancel')));
  sync();
  return element;
}

function whole(control, name) {
  const value = numberValue(control, name, true);
  if (!Number.isInteger(value)) {
    throw new FieldError(name, 'must be a whole number');
  }
  return value;
}

/** The conditions of a rule: rows of attribute, operator and value(s), each named input.conditions[i].… */
function conditionList(initial) {
  const rows = h('div', {class: 'conditions'});
  const add = h('button', {type: 'button', class: 'small'}, 'Add a condition');
  const element = h('fieldset', {},
    h('legend', {}, 'Conditions'), errorSlot('input.conditions'),
    h('p', {class: 'hint'}, 'All must hold for an event to match (at most 10). =, ≠ and "is one of" compare a string '
      + 'attribute as text and a number numerically; >, ≥, <, ≤ hold for numbers only. A missing attribute makes '
      + 'every operator false but ≠.'),
    rows, add);

  const read = () => [...rows.children].map(row => {
    const [attribute, op, value, values] = ['attribute', 'op', 'value', 'values']
      .map(part => row.querySelector(`[data-part=${part}]`));
    const condition = {attribute: attribute.value.trim(), op: op.value};
    if (op.value === 'IN') {
      condition.values = values.value.split('\n').map(line => line.trim()).filter(line => line !== '');
    } else if (op.value !== 'EXISTS') {
      condition.value = value.value;
    }
    return condition;
  });
  const render = list => {
    show(rows, list.map((condition, i) => conditionRow(condition, i, () => render(read().filter((_, j) => j !== i)))));
  };
  add.addEventListener('click', () => {
    render([...read(), {attribute: '', op: 'EQ', value: ''}]);
    rows.lastElementChild?.querySelector('[data-part=attribute]').focus();
  });
  render(initial);
  return {element, read};
}

function conditionRow(condition, i, remove) {
  const base = `input.conditions[${i}]`;
  const attribute = h('input', {type: 'text', autocomplete: 'off', spellcheck: 'false', 'data-part': 'attribute',
    value: condition.attribute});
  const op = h('select', {'data-part': 'op'}, options(OPS, condition.op));
  const value = h('input', {type: 'text', autocomplete: 'off', 'data-part': 'value', value: condition.value ?? ''});
  const values = h('textarea', {rows: 2, 'data-part': 'values', value: (condition.values ?? []).join('\n')});
  const valueField = field({label: 'Value', name: base + '.value', control: value});
  const valuesField = field({label: 'Values (one a line)', name: base + '.values', control: values});
  const sync = () => {
    valueField.hidden = op.value === 'IN' || op.value === 'EXISTS';
    valuesField.hidden = op.value !== 'IN';
  };
  op.addEventListener('change', sync);
  sync();
  return h('div', {class: 'condition', role: 'group', 'aria-label': `Condition ${i + 1}`},
    errorSlot(base),
    field({label: 'Attribute', name: base + '.attribute', control: attribute}),
    field({label: 'Operator', name: base + '.op', control: op}),
    valueField, valuesField,
    h('button', {type: 'button', class: 'small', onclick: remove, 'aria-label': `Remove condition ${i + 1}`}, 'Remove'));
}
