// The contract's schema checks in words a person understands: each zod issue becomes the
// field it concerns and what is wrong with the value given ("Note: at most 2,000 characters
// (you gave 3,000)"), never the schema library's own wording.
import type { z } from 'zod'

export interface FieldIssue {
  /** The input path, dotted ("requester.name", "presentations.0.payload"). */
  path: string
  /** The field as a person names it ("Requester name"). */
  field: string
  /** What is wrong, without the field's name ("at most 2,000 characters (you gave 3,000)"). */
  problem: string
}

const count = (n: number): string => n.toLocaleString('en-US')

/** "incidentTicket" -> "incident ticket"; array positions become "item 2". */
function words(segment: PropertyKey): string {
  if (typeof segment === 'number') return `item ${segment + 1}`
  return String(segment)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
}

export function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'The request'
  const text = path.map(words).join(', ')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return value
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'number' && Number.isNaN(value)) return 'not a number'
  if (typeof value === 'string') return value.length > 40 ? 'text' : `"${value}"`
  if (typeof value === 'object') return 'a group of fields'
  return String(value)
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a group of fields',
}

function problemOf(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path)
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') return `at most ${count(max)} characters (you gave ${count(String(value ?? '').length)})`
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${count(max)} (you gave ${count(Array.isArray(value) ? value.length : 0)})`
      return `at most ${count(max)} (you gave ${kindOf(value)})`
    }
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') return min <= 1 ? 'cannot be empty' : `at least ${count(min)} characters (you gave ${count(String(value ?? '').length)})`
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? 'give at least one' : `at least ${count(min)} (you gave ${count(Array.isArray(value) ? value.length : 0)})`
      return `at least ${count(min)} (you gave ${kindOf(value)})`
    }
    case 'invalid_type':
      if (value === undefined) return 'is required'
      return `must be ${EXPECTED[issue.expected] ?? issue.expected} (you gave ${kindOf(value)})`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')} (you gave ${kindOf(value)})`
    case 'unrecognized_keys':
      return `has fields this operation does not take: ${issue.keys.join(', ')}`
    case 'invalid_format':
      return `is not in the expected form (${issue.format})`
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
    case 'invalid_union':
      return 'is not in any form this operation takes'
    default:
      return issue.message.charAt(0).toLowerCase() + issue.message.slice(1)
  }
}

export function fieldIssues(issues: readonly z.core.$ZodIssue[], input: unknown): FieldIssue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), field: fieldName(issue.path), problem: problemOf(issue, input) }))
}
