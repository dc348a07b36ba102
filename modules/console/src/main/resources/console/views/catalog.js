// The catalog: badges, titles and levels, each a table and a form that creates one or edits the one chosen.

import {h, number, show, table} from '../dom.js';
import {dialog, field, FieldError, form, numberValue, options} from '../forms.js';

/**
 * A catalog page: {heading, kind (for messages), rows(catalog), headings, fields(item, catalog) → {nodes, input()},
 * create, update, remove?}. Editing fills the form with the chosen item; saving reloads the table.
 */
async function catalogPage(ctx, page) {
  const listing = h('div', {});
  const editor = h('section', {'aria-labelledby': 'editor-title'});
  let catalog = null;

  const reload = async () => {
    catalog = await ctx.call('Catalog');
    show(listing, table([...page.headings, ''], page.items(catalog).map(item => [
      ...page.cells(item),
      h('div', {class: 'row-actions'},
        h('button', {type: 'button', class: 'small', onclick: () => edit(item)}, 'Edit'),
        page.remove ? h('button', {type: 'button', class: 'small', onclick: () => remove(item)}, 'Delete…') : null)]),
    `No ${page.kind}s yet.`));
  };
  const edit = item => {
    const {nodes, input} = page.fields(item, catalog);
    show(editor,
      h('h2', {id: 'editor-title'}, item ? `Edit ${page.kind} #${item.id}` : `New ${page.kind}`),
      form({id: page.kind + '-form', class: 'card-form', onsubmit: async () => {
        const given = input();
        if (item) {
          await ctx.call(page.update, {id: item.id, input: given});
          ctx.notify(`${capital(page.kind)} #${item.id} saved.`);
        } else {
          await ctx.call(page.create, {input: given});
          ctx.notify(`${capital(page.kind)} “${given.name}” created.`);
        }
        await reload();
        edit(null);
      }},
      nodes,
      h('div', {class: 'actions'},
        h('button', {type: 'submit', class: 'primary'}, item ? 'Save' : 'Create'),
        item ? h('button', {type: 'button', onclick: () => edit(null)}, 'Cancel') : null)));
    if (item) {
      editor.querySelector('input, textarea, select')?.focus();
    }
  };
  const remove = async item => {
    const done = await dialog({
      title: `Delete ${page.kind} “${item.name}”?`,
      body: h('p', {}, page.removeText),
      submitLabel: 'Delete',
      danger: true,
      onsubmit: () => ctx.call(page.remove, {id: item.id}),
    });
    if (done) {
      ctx.notify(`${capital(page.kind)} #${item.id} deleted.`);
      await reload();
    }
  };

  show(ctx.main, h('h1', {}, page.heading), page.intro ? h('p', {class: 'intro'}, page.intro) : null, listing, editor);
  await reload();
  edit(null);
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function nameAndDescription(item) {
  const name = h('input', {type: 'text', autocomplete: 'off', maxlength: 100, value: item?.name ?? ''});
  const description = h('textarea', {rows: 2, value: item?.description ?? ''});
  return {
    name, description,
    nodes: [field({label: 'Name', name: 'input.name', control: name}),
      field({label: 'Description', name: 'input.description', control: description, wide: true})],
  };
}

export function badges(ctx) {
  return catalogPage(ctx, {
    heading: 'Badges', kind: 'badge',
    intro: 'A badge is held at most once per user, whatever rule or level grants it.',
    headings: ['#', 'Name', 'Description', 'Icon URL'],
    items: catalog => catalog.badges,
    cells: badge => [badge.id, badge.name, badge.description, h('code', {class: 'url'}, badge.iconUrl)],
    fields: badge => {
      const {name, description, nodes} = nameAndDescription(badge);
      const iconUrl = h('input', {type: 'url', autocomplete: 'off', value: badge?.iconUrl ?? '',
        placeholder: 'https://cdn.gigsy.com/badge.png'});
      return {
        nodes: [...nodes, field({label: 'Icon URL', name: 'input.iconUrl', control: iconUrl, hint: 'http or https.'})],
        input: () => ({name: name.value, description: description.value, iconUrl: iconUrl.value.trim()}),
      };
    },
    create: 'CreateBadge', update: 'UpdateBadge',
  });
}

export function titles(ctx) {
  return catalogPage(ctx, {
    heading: 'Titles', kind: 'title',
    intro: 'A title is held at most once per user; users equip one of theirs to show it.',
    headings: ['#', 'Name', 'Description'],
    items: catalog => catalog.titles,
    cells: title => [title.id, title.name, title.description],
    fields: title => {
      const {name, description, nodes} = nameAndDescription(title);
      return {nodes, input: () => ({name: name.value, description: description.value})};
    },
    create: 'CreateTitle', update: 'UpdateTitle',
  });
}

export function levels(ctx) {
  return catalogPage(ctx, {
    heading: 'Levels', kind: 'level',
    intro: 'A user reaches a level once, when their total first reaches its points, and gets its badge and title. '
      + 'A level created (or lowered) later is awarded in the background to the users already there (see Jobs).',
    headings: ['#', 'Name', 'From points', 'Badge', 'Title'],
    items: catalog => catalog.levels,
    cells: level => [level.id, level.name, number(level.minPoints), level.badge?.name ?? '—', level.title?.name ?? '—'],
    fields: (level, catalog) => {
      const name = h('input', {type: 'text', autocomplete: 'off', maxlength: 100, value: level?.name ?? ''});
      const minPoints = h('input', {type: 'number', min: 0, step: 1, value: level?.minPoints ?? ''});
      const badge = h('select', {}, options([['', 'No badge'], ...catalog.badges.map(b => [b.id, b.name])], level?.badge?.id));
      const title = h('select', {}, options([['', 'No title'], ...catalog.titles.map(t => [t.id, t.name])], level?.title?.id));
      return {
        nodes: [
          field({label: 'Name', name: 'input.name', control: name}),
          field({label: 'From points', name: 'input.minPoints', control: minPoints, hint: '0 or more; one level per value.'}),
          h('div', {class: 'grid'},
            field({label: 'Badge', name: 'input.badgeId', control: badge}),
            field({label: 'Title', name: 'input.titleId', control: title}))],
        input: () => {
          const points = numberValue(minPoints, 'input.minPoints', true);
          if (!Number.isInteger(points)) {
            throw new FieldError('input.minPoints', 'must be a whole number');
          }
          return {name: name.value, minPoints: points, badgeId: badge.value || null, titleId: title.value || null};
        },
      };
    },
    create: 'CreateLevel', update: 'UpdateLevel', remove: 'DeleteLevel',
    removeText: 'It is no longer shown or reached; who reached it keeps it in their history.',
  });
}
