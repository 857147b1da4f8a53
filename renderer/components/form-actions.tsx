// The buttons under a form: its submit button, disabled and saying what is under way while
// the backend call runs (so a second press cannot record twice), then any others (Cancel).
import type { ReactNode } from 'react'

interface FormActionsProps {
  busy: boolean
  label: string
  /** Shown while the call runs, e.g. "Recording…". */
  busyLabel: string
  /** Danger for a submit that takes something away (retire, abandon). */
  tone?: 'primary' | 'danger'
  children?: ReactNode
}

export function FormActions({ busy, label, busyLabel, tone = 'primary', children }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="submit" className={`button button-${tone}`} disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      {children}
    </div>
  )
}
