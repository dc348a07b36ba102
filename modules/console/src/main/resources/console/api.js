// The console's only door to the service: POST /graphql with the session's bearer token, sending the named operations
// of operations.graphql. The token lives in this tab's sessionStorage and nowhere else.

const TOKEN_KEY = 'gigsy.gamification.admin.token';
const OPERATION_START = /^(query|mutation) ([A-Za-z_][A-Za-z0-9_]*)/;

let operations = new Map();
let onUnauthenticated = () => {};

/** A refusal of the API (or of the network), with its GraphQL errors; `code` is the first one's extensions.code. */
export class ApiError extends Error {
  constructor(errors) {
    super(errors.map(error => error.message).join('\n'));
    this.errors = errors;
    this.code = errors[0]?.extensions?.code ?? 'UNKNOWN';
  }
}

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  signIn: token => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** What the token says of itself (unverified: the API decides): {sub, admin}; null when it is no JWT. */
export function claims(token) {
  const parts = (token ?? '').split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    const roles = Array.isArray(payload.roles) ? payload.roles : [];
    return {sub: String(payload.sub ?? ''), admin: payload.role === 'admin' || roles.includes('admin')};
  } catch {
    return null;
  }
}

/** Called with the ApiError when the API refuses the token (expired, revoked secret): the session is over. */
export function whenUnauthenticated(handler) {
  onUnauthenticated = handler;
}

/** Reads operations.graphql once. */
export async function loadOperations() {
  const response = await fetch('/admin/operations.graphql', {cache: 'no-cache'});
  if (!response.ok) {
    throw new Error(`operations.graphql: HTTP ${response.status}`);
  }
  const found = new Map();
  let current = null;
  for (const line of (await response.text()).split('\n')) {
    const start = OPERATION_START.exec(line);
    if (start) {
      current = start[2];
      found.set(current, []);
    }
    if (current) {
      found.get(current).push(line);
    }
  }
  operations = new Map([...found].map(([name, lines]) => [name, lines.join('\n').trim()]));
}

/** Runs the operation `name` with `variables`; its data, or an ApiError. */
export async function call(name, variables = {}, signal = undefined) {
  const query = operations.get(name);
  if (!query) {
    throw new Error(`no operation ${name} in operations.graphql`);
  }
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + session.token()},
      body: JSON.stringify({query, variables, operationName: name}),
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (failure) {
    if (failure.name === 'AbortError') {
      throw failure;
    }
    throw new ApiError([{message: 'The service did not answer (' + failure.message + ')', extensions: {code: 'NETWORK'}}]);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError([{message: `The service answered HTTP ${response.status}`, extensions: {code: 'HTTP'}}]);
  }
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    const error = new ApiError(body.errors);
    if (error.code === 'UNAUTHENTICATED') {
      onUnauthenticated(error);
    }
    throw error;
  }
  return body.data;
}

/** The argument an error names ("Argument 'input.cap.count' must be …" → input.cap.count), else null. */
export function fieldOf(error) {
  return /argument '([^']+)'/i.exec(error.message ?? '')?.[1] ?? null;
}
