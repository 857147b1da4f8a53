// An EventBridge event-pattern matcher written from AWS's documented rules ("Amazon EventBridge
// event patterns"), independent of the code that prints the patterns: every field named in the
// pattern must match (AND); a field's value list matches when any entry does (OR); nested objects
// match field by field; strings, numbers, booleans and null match exactly; an event array matches
// when any of its elements does; content filters prefix, suffix, anything-but, exists and
// equals-ignore-case. A field absent from the event matches only {"exists": false}.

export type Pattern = { [field: string]: Pattern | unknown[] }

export function matches(pattern: Pattern, event: unknown): boolean {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return false
  const fields = event as Record<string, unknown>
  for (const [name, rule] of Object.entries(pattern)) {
    const value = fields[name]
    if (Array.isArray(rule)) {
      if (!matchesList(rule, value, name in fields)) return false
    } else if (rule !== null && typeof rule === 'object') {
      if (!matches(rule as Pattern, value)) return false
    } else {
      throw new Error(`Invalid pattern: the value of "${name}" must be an array or an object.`)
    }
  }
  return true
}

function matchesList(rule: unknown[], value: unknown, present: boolean): boolean {
  if (rule.length === 0) throw new Error('Invalid pattern: an empty value list matches nothing.')
  // An array in the event matches when any element matches (the documented "array" rule).
  const values = Array.isArray(value) ? value : [value]
  return rule.some((entry) => {
    if (entry !== null && typeof entry === 'object') return matchesFilter(entry as Record<string, unknown>, values, present)
    return present && values.some((v) => v === entry)
  })
}

function matchesFilter(filter: Record<string, unknown>, values: unknown[], present: boolean): boolean {
  const [kind, arg] = Object.entries(filter)[0] ?? []
  const strings = values.filter((v): v is string => typeof v === 'string')
  switch (kind) {
    case 'prefix':
      return present && strings.some((v) => v.startsWith(String(arg)))
    case 'suffix':
      return present && strings.some((v) => v.endsWith(String(arg)))
    case 'equals-ignore-case':
      return present && strings.some((v) => v.toLowerCase() === String(arg).toLowerCase())
    case 'exists':
      return arg === true ? present : !present
    case 'anything-but': {
      if (!present) return false
      const excluded = Array.isArray(arg) ? arg : [arg]
      return values.some((v) => !excluded.includes(v))
    }
    default:
      throw new Error(`This matcher does not implement the "${kind}" filter.`)
  }
}
