// One labelled form control with its hint and its error, wired for screen readers:
// aria-describedby names both, aria-invalid marks a field the backend refused. FieldFrame,
// controlProps and describedBy serve controls of their own (a masked secret, typed groups).
import type { ChangeEvent, InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react'

export interface FieldProps {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  hint?: string
  error?: string
  optional?: boolean
}

export function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ') || undefined
}

/** What a field's control carries: id and name, the value, and the aria wiring to its label's hint and error. */
export function controlProps({ id, value, onChange, hint, error, optional }: Omit<FieldProps, 'label'>) {
  return {
    id,
    name: id,
    value,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => onChange(event.target.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
    'aria-required': optional ? undefined : true,
  }
}

interface FieldFrameProps extends Omit<FieldProps, 'value' | 'onChange'> {
  /** The control, whose id is `id` and whose aria-describedby is describedBy(id, hint, error). */
  children: ReactNode
  /** Announce the error as it appears (a check made as the person acts, not a form's refusal). */
  alertError?: boolean
}

export function FieldFrame({ id, label, hint, error, optional, alertError, children }: FieldFrameProps) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {children}
      {error && (
        <p id={`${id}-error`} className="field-error" role={alertError ? 'alert' : undefined}>
          {error}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  )
}

export function TextField(
  props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>,
) {
  const { id, label, value, onChange, hint, error, optional, ...rest } = props
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input {...controlProps({ id, value, onChange, hint, error, optional })} autoComplete="off" {...rest} />
    </FieldFrame>
  )
}

export function TextAreaField(
  props: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange'>,
) {
  const { id, label, value, onChange, hint, error, optional, ...rest } = props
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea {...controlProps({ id, value, onChange, hint, error, optional })} {...rest} />
    </FieldFrame>
  )
}

/** A required choice from a list, with a first empty option that says what to choose. */
export function SelectField(props: Omit<FieldProps, 'optional'> & { placeholder: string; options: { value: string; label: string }[] }) {
  const { id, label, value, onChange, hint, error, placeholder, options } = props
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select {...controlProps({ id, value, onChange, hint, error })}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}
