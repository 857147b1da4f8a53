// The backend's whole refusal, above a form: it may name things no single field holds.
// Focusable so useBackendForm can move focus here when no field is to blame.
import type { FormProblem } from '../field-errors'

export function FormSummary({ title, problem }: { title: string; problem?: FormProblem<string> }) {
  if (!problem) return null
  return (
    <div className="notice notice-error form-summary" role="alert" tabIndex={-1}>
      <p className="notice-title">{title}</p>
      <p className="pre-line">{problem.summary}</p>
    </div>
  )
}
