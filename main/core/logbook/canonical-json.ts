// Canonical JSON for logbook payloads (docs/FORMAT.md section 3 "Canonical JSON"): one byte string per
// value, so an independent verifier rebuilds exactly the bytes that were hashed. A strict
// subset of RFC 8785 (JCS): integers only, so number formatting can never differ.
import { CustosError } from '../../../shared/errors'

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/**
 * Serialises `value` canonically: object keys sorted by UTF-16 code units, no whitespace,
 * strings escaped as ECMAScript JSON.stringify does, numbers only as safe integers.
 * Object properties whose value is undefined are left out (optional fields); anything
 * else that JSON cannot carry exactly is refused.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$')
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'string':
      if (!isWellFormed(value)) refuse(path, 'a string with a lone surrogate')
      return JSON.stringify(value)
    case 'number':
      if (!Number.isSafeInteger(value)) refuse(path, `the number ${value} (only safe integers are allowed)`)
      return Object.is(value, -0) ? '0' : String(value)
    case 'object': {
      if (Array.isArray(value)) {
        return '[' + value.map((item, i) => {
          if (item === undefined) refuse(`${path}[${i}]`, 'undefined')
          return write(item, `${path}[${i}]`)
        }).join(',') + ']'
      }
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) refuse(path, `an object of type ${proto?.constructor?.name}`)
      const record = value as Record<string, unknown>
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareUtf16)
      return '{' + keys.map((k) => JSON.stringify(k) + ':' + write(record[k], `${path}.${k}`)).join(',') + '}'
    }
    default:
      return refuse(path, typeof value)
  }
}

/** Array.prototype.sort's default order is by UTF-16 code units; spelled out because JCS depends on it. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)
}

function refuse(path: string, what: string): never {
  throw new CustosError('INTERNAL', `A logbook payload cannot hold ${what} (at ${path}); this is a bug in the caller.`)
}
