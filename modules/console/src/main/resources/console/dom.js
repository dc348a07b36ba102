// The console's one way of making DOM: elements, attributes and text nodes, never an HTML string. Whatever the API
// returns (rule descriptions, user ids, reasons) becomes a text node or an attribute value, so it is shown, never
// parsed; the page's Trusted Types policy makes the browser refuse HTML strings besides.

const SVG = 'http://www.w3.org/2000/svg';
// set as properties after the children exist (a select's value needs its options)
const PROPERTIES = new Set(['value', 'checked']);

/** An HTML element: h('button', {type: 'button', onclick: fn}, 'Save'). Children: nodes, strings, numbers, arrays. */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** An SVG element, the same way. */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG, tag), props, children);
}

function build(element, props, children) {
  const later = [];
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      if (typeof value !== 'function') {
        throw new TypeError(`${name} must be a function`);
      }
      element.addEventListener(name.slice(2), value);
    } else if (PROPERTIES.has(name)) {
      later.push([name, value]);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  for (const [name, value] of later) {
    element[name] = value;
  }
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.append(child);
    } else {
      element.append(document.createTextNode(String(child)));
    }
  }
}

/** Replaces what `container` shows. */
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
  return container;
}

/** An instant as the API gives it (ISO-8601, UTC) shown to the second: 2026-12-01 14:21:43 UTC. */
export function time(iso) {
  if (!iso) {
    return '—';
  }
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

/** A number with thousands separators, signed when asked (+50, −20). */
export function number(value, signed = false) {
  if (value === null || value === undefined) {
    return '—';
  }
  const text = Math.abs(value).toLocaleString('en-US');
  if (value < 0) {
    return '−' + text;
  }
  return signed ? '+' + text : text;
}

/** The hash of a user's page; any user id is safe in it. */
export function userHref(userId) {
  return '#/users/' + encodeURIComponent(userId);
}

/** A table: headings, then rows (arrays of cells); `empty` shown when there are none. */
export function table(headings, rows, empty = 'Nothing yet.') {
  if (rows.length === 0) {
    return h('p', {class: 'empty'}, empty);
  }
  return h('div', {class: 'table-wrap'},
    h('table', {},
      h('thead', {}, h('tr', {}, headings.map(heading => h('th', {scope: 'col'}, heading)))),
      h('tbody', {}, rows.map(row => h('tr', {}, row.map(cell => h('td', {}, cell)))))));
}
