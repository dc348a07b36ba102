// Forms: labelled fields, each with an error slot named after the API argument it edits (data-error-for="input.cap.count"),
// so a BAD_USER_INPUT naming that argument is shown at that field; errors naming nothing known go to the form's own slot.

import {h} from './dom.js';
import {ApiError, fieldOf} from './api.js';

let ids = 0;

/**
 * A labelled field for the API argument `name`: {label, name, control, hint}. The control gets an id, the label points
 * at it, and the hint and the error are its description.
 */
export function field({label, name, control, hint = null, wide = false}) {
  const id = control.id || (control.id = 'field-' + (++ids));
  const hintNode = hint ? h('p', {class: 'hint', id: id + '-hint'}, hint) : null;
  const error = errorSlot(name, id + '-error');
  control.setAttribute('aria-describedby', [hintNode?.id, error.id].filter(Boolean).join(' '));
  control.dataset.field = name;
  return h('div', {class: wide ? 'field wide' : 'field'}, h('label', {for: id}, label), control, hintNode, error);
}

/** Where errors naming `name` appear; put one in a fieldset for an argument that is an object (input.cap). */
export function errorSlot(name, id = 'error-' + (++ids)) {
  return h('p', {class: 'field-error', id, 'data-error-for': name, role: 'alert', hidden: true});
}

/** A form with a slot for errors that name no field of it; `onsubmit` gets the form (no page load). */
export function form(props, ...children) {
  const {onsubmit, ...rest} = props;
  const element = h('form', {...rest, novalidate: true}, errorSlot(''), ...children);
  element.addEventListener('submit', async event => {
    event.preventDefault();
    clearErrors(element);
    const buttons = [...element.querySelectorAll('button[type=submit]')];
    buttons.forEach(button => button.disabled = true);
    element.setAttribute('aria-busy', 'true');
    try {
      await onsubmit(element);
    } catch (failure) {
      if (failure.name !== 'AbortError') {
        showErrors(element, failure);
      }
    } finally {
      buttons.forEach(button => button.disabled = false);
      element.removeAttribute('aria-busy');
    }
  });
  return element;
}

function clearErrors(formElement) {
  for (const slot of formElement.querySelectorAll('[data-error-for]')) {
    slot.hidden = true;
    slot.replaceChildren();
  }
  for (const control of formElement.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
  }
}

/**
 * Shows a failure in `formElement`: each error at the slot of the argument it names, or of the nearest enclosing one
 * (input.conditions[2].value, then input.conditions[2], input.conditions, input), else in the form's own slot. The
 * first field in error gets the focus.
 */
function showErrors(formElement, failure) {
  const errors = failure instanceof ApiError ? failure.errors
    : failure instanceof FieldError ? [{message: `Argument '${failure.field}' ${failure.message}`}]
      : [{message: String(failure.message ?? failure)}];
  const slots = [...formElement.querySelectorAll('[data-error-for]')];
  let focus = null;
  for (const error of errors) {
    const named = fieldOf(error);
    let slot = null;
    for (let path = named; path !== null && !slot; path = parent(path)) {
      // a slot is hidden while empty; one in a hidden part of the form (another kind's fields) is not this error's
      slot = slots.find(candidate => candidate.dataset.errorFor === path
        && !candidate.parentElement.closest('[hidden]'));
    }
    slot = slot ?? slots.find(candidate => candidate.dataset.errorFor === '');
    const atField = slot.dataset.errorFor !== '' && slot.dataset.errorFor === named;
    slot.append(h('span', {}, atField ? withoutArgument(error.message) : error.message));
    slot.hidden = false;
    const control = [...formElement.querySelectorAll('[data-field]')].find(c => c.dataset.field === slot.dataset.errorFor);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      focus = focus ?? control;
    }
  }
  if (focus) {
    focus.focus();
  } else {
    slots.find(candidate => !candidate.hidden)?.scrollIntoView({block: 'nearest'});
  }
}

/** A problem the console finds itself before asking (a required number left empty), shown like the API's. */
export class FieldError extends Error {
  constructor(field, message) {
    super(message);
    this.field = field;
  }
}

function parent(path) {
  if (path === '') {
    return null;
  }
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}

function withoutArgument(message) {
  const text = message.replace(/^Argument '[^']+' /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The number in a number input; null when empty; a FieldError naming `name` when `required` and empty. */
export function numberValue(control, name, required = false) {
  const text = control.value.trim();
  if (text === '') {
    if (required) {
      throw new FieldError(name, 'is required');
    }
    return null;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new FieldError(name, 'must be a number');
  }
  return value;
}

/** An ISO-8601 instant (UTC) from a datetime-local control read as UTC; null when empty. */
export function instantValue(control) {
  const text = control.value;
  if (!text) {
    return null;
  }
  if (text === control.dataset.shown) {
    return control.dataset.original;
  }
  return (text.length === 16 ? text + ':00' : text) + 'Z';
}

/** Sets a datetime-local control (read as UTC) to an instant, keeping the instant's full precision if unchanged. */
export function setInstant(control, iso) {
  if (!iso) {
    return;
  }
  const shown = iso.replace(/(\.\d+)?Z$/, '');
  control.value = shown;
  control.dataset.shown = control.value;
  control.dataset.original = iso;
}

/** Options of a select: [[value, label], ...] with `selected` chosen. */
export function options(pairs, selected) {
  return pairs.map(([value, label]) => h('option', {value, selected: String(value) === String(selected ?? '')}, label));
}

/**
 * A modal dialog holding a form: {title, body (nodes), fields (nodes), submitLabel, danger, onsubmit(form)}. It closes
 * when onsubmit succeeds; its errors show inside it. Resolves true when submitted, false when cancelled.
 */
export function dialog({title, body = [], fields = [], submitLabel, danger = false, onsubmit}) {
  return new Promise(resolve => {
    let done = false;
    const element = h('dialog', {'aria-labelledby': 'dialog-title'});
    const close = result => {
      done = true;
      element.close();
      element.remove();
      resolve(result);
    };
    element.append(form({
      class: 'dialog-form',
      onsubmit: async formElement => {
        await onsubmit(formElement);
        close(true);
      },
    },
    h('h2', {id: 'dialog-title'}, title),
    body,
    fields,
    h('div', {class: 'actions'},
      h('button', {type: 'submit', class: danger ? 'danger' : 'primary'}, submitLabel),
      h('button', {type: 'button', onclick: () => close(false)}, 'Cancel'))));
    element.addEventListener('close', () => {
      if (!done) {
        element.remove();
        resolve(false);
      }
    });
    document.body.append(element);
    element.showModal();
  });
}
