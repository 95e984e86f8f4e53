/**
 * Canonical JSON: one byte-exact text per JSON value, so that two stores (or a verifier years later)
 * hash the same content to the same digest.
 *
 * - Object keys are sorted by UTF-16 code units (as RFC 8785 does) and keys whose value is
 *   `undefined`, a function or a symbol are left out, as JSON.stringify does.
 * - Numbers use ECMAScript's shortest round-trip form (`JSON.stringify`), so `1.0` and `1` agree and
 *   `-0` is `0`. Non-finite numbers have no JSON form and are refused rather than turned into `null`.
 * - A bigint is written as its exact decimal digits (a JSON integer), never rounded through a double.
 * - Strings are never Unicode-normalised: NFC and NFD Vietnamese text are different content.
 * - `toJSON()` is honoured (a Date becomes its ISO string), as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, new Set<object>());
  return out.join('');
}

function write(value: unknown, out: string[], ancestors: Set<object>): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON representation`);
      out.push(JSON.stringify(value));
      return;
    case 'bigint':
      out.push(value.toString());
      return;
    case 'object':
      break;
    default:
      // undefined, functions and symbols at the top level or in arrays: JSON writes null.
      out.push('null');
      return;
  }
  const object = value as Record<string, unknown> & { toJSON?: unknown };
  if (typeof object.toJSON === 'function') {
    write((object.toJSON as () => unknown).call(object), out, ancestors);
    return;
  }
  if (ancestors.has(object)) throw new TypeError('canonicalJson: the value contains a cycle');
  ancestors.add(object);
  if (Array.isArray(object)) {
    out.push('[');
    object.forEach((item, index) => {
      if (index > 0) out.push(',');
      write(item, out, ancestors);
    });
    out.push(']');
  } else {
    out.push('{');
    let first = true;
    for (const key of Object.keys(object).sort()) {
      const item = object[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(key), ':');
      write(item, out, ancestors);
    }
    out.push('}');
  }
  ancestors.delete(object);
}
