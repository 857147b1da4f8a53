// Turns a refused add (the backend's CustosError) into errors on the fields they concern:
// schema issues arrive as "path: problem" lines in details.issues; a few codes name a field.
import { UiError, messageOf } from './custos-client'

export type FieldErrors<F extends string> = Partial<Record<F, string>>

export interface FormProblem<F extends string> {
  /** One sentence per field, shown under that field. */
  fields: FieldErrors<F>
  /** The backend's whole message, shown above the form (it may name things no field holds). */
  summary: string
}

/** The schema's words as a person reads them; anything unrecognised is shown as the backend said it. */
export function plainIssue(problem: string): string {
  const text = problem.trim()
  let m: RegExpExecArray | null
  if (/^Too small: expected string to have >=1 characters?$/.test(text)) return 'This is required.'
  if (/^Too small: expected array to have >=1 items?$/.test(text)) return 'Give at least one.'
  if ((m = /^Too big: expected string to have <=(\d+) characters?$/.exec(text))) return `Too long: at most ${m[1]} characters.`
  if ((m = /^Too big: expected array to have <=(\d+) items?$/.exec(text))) return `Too many: at most ${m[1]}.`
  if ((m = /^Too small: expected number to be >=(\d+)$/.exec(text))) return `Must be at least ${m[1]}.`
  if ((m = /^Too big: expected number to be <=(\d+)$/.exec(text))) return `Must be at most ${m[1]}.`
  if (/^Invalid input: expected number/.test(text)) return 'Enter a number.'
  if (/^Invalid input: expected int/.test(text)) return 'Enter a whole number.'
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.')
}

/**
 * @param fieldOf maps an issue path ("name", "policy.copies", "useCases.0") to a form field.
 * @param byCode the field a code-only error belongs to (e.g. CUSTODIAN_EXISTS -> the id).
 */
export function formProblem<F extends string>(
  error: unknown,
  fieldOf: (path: string) => F | undefined,
  byCode: Partial<Record<string, F>> = {},
): FormProblem<F> {
  const fields: FieldErrors<F> = {}
  if (!(error instanceof UiError)) return { fields, summary: messageOf(error) }
  const issues = Array.isArray(error.details.issues) ? (error.details.issues as unknown[]).filter((i): i is string => typeof i === 'string') : []
  for (const issue of issues) {
    const colon = issue.indexOf(': ')
    if (colon < 0) continue
    const field = fieldOf(issue.slice(0, colon))
    if (field && !fields[field]) fields[field] = plainIssue(issue.slice(colon + 2))
  }
  const coded = byCode[error.code]
  if (coded && !fields[coded]) fields[coded] = error.message
  return { fields, summary: error.message }
}
