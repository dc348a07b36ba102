// Background jobs (backfills, level awards) with live progress: polled every second while one runs, else every 5 s.

import {h, number, show, table, time} from '../dom.js';
import {field, FieldError, form, instantValue, options} from '../forms.js';

const RUNNING_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;

export async function page(ctx) {
  const list = h('div', {id: 'job-list'});
  const rule = h('select', {id: 'backfill-rule'});
  const since = h('input', {type: 'datetime-local', step: '1'});
  let running = false;

  const refresh = async () => {
    const jobs = (await ctx.call('Jobs')).jobs;
    running = jobs.some(job => job.status === 'RUNNING');
    show(list, table(['#', 'Kind', 'Status', 'Progress', 'Granted', 'Started', 'Finished', 'Error'], jobs.map(job => [
      job.id, job.kind, h('span', {class: 'pill ' + job.status.toLowerCase(), 'data-job-status': job.id}, job.status),
      progress(job), number(job.granted), time(job.startedAt), time(job.finishedAt), job.error ?? '']),
    'No jobs yet. A backfill, or a level created after users reached it, starts one.'));
  };

  show(ctx.main,
    h('h1', {}, 'Jobs'),
    h('section', {'aria-labelledby': 'backfill-title'}, h('h2', {id: 'backfill-title'}, 'Backfill a rule'),
      h('p', {class: 'hint'}, 'Applies an active rule to the events processed before it existed, in occurredAt order, '
        + 'in the background, exactly once with live traffic. One backfill per rule at a time.'),
      form({id: 'backfill-form', class: 'card-form', onsubmit: async () => {
        if (!rule.value) {
          throw new FieldError('ruleId', 'is required: choose a rule');
        }
        const job = (await ctx.call('BackfillRule', {ruleId: rule.value, since: instantValue(since)})).backfillRule;
        ctx.notify(`Backfill job ${job.id} started.`);
        await refresh();
      }},
      h('div', {class: 'grid'},
        field({label: 'Rule', name: 'ruleId', control: rule}),
        field({label: 'Since (UTC, optional)', name: 'since', control: since,
          hint: 'Only events that occurred from then on; empty for every stored event.'})),
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'primary'}, 'Start backfill')))),
    h('section', {'aria-labelledby': 'jobs-title'}, h('h2', {id: 'jobs-title'}, 'Latest jobs'), list));

  const rules = (await ctx.call('Rules', {})).rules.filter(candidate => candidate.active && !candidate.builtIn);
  show(rule, options([['', 'Choose a rule…'],
    ...rules.map(candidate => [candidate.id, `#${candidate.id} ${candidate.eventName} — ${candidate.description}`])], ''));
  await ctx.every(() => running ? RUNNING_POLL_MS : IDLE_POLL_MS, refresh);
}

function progress(job) {
  const done = job.status !== 'RUNNING';
  // a finished job with nothing to do is full; a running one not yet counted is indeterminate (no value)
  const max = Math.max(1, job.total ?? 0);
  const value = done && job.status === 'SUCCEEDED' ? max : job.total === null ? null : Math.min(job.processed, max);
  return h('span', {class: 'progress'},
    h('progress', {max, value, 'data-job-progress': job.id,
      'aria-label': `Job ${job.id}: ${job.processed} of ${job.total ?? 'not yet counted'}`}),
    ` ${number(job.processed)} / ${job.total === null ? '?' : number(job.total)}`);
}
