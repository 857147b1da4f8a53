// Step 2: the credential to protect, field by field for its kind, checked as a person reads
// it before anything is split. The values live only in this wizard's memory (never in the
// URL, storage or a log) and are dropped once the set is issued.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { controlProps, FieldFrame, TextAreaField, TextField, type FieldProps } from '../components/form-field'
import { checkDraft, FIELDS, KINDS, type CredentialDraft, type DraftErrors, type FieldName, type FieldSpec } from './credential-input'
import type { CredentialBundle } from '../../shared/bundle'
import { StepSection } from './step-section'

interface CredentialStepProps {
  draft: CredentialDraft
  onChange: (draft: CredentialDraft) => void
  onBack: () => void
  onNext: (bundle: CredentialBundle) => void
  methodName: string
}

export function CredentialStep({ draft, onChange, onBack, onNext, methodName }: CredentialStepProps) {
  const [errors, setErrors] = useState<DraftErrors>({})
  const [summary, setSummary] = useState<string>()
  const formRef = useRef<HTMLFormElement>(null)

  useEffect(() => {
    // After a refused Next, focus the first field to fix (or the summary).
    if (!summary) return
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>('.form-summary')
    first?.focus()
  }, [summary, errors])

  function submit(event: FormEvent) {
    event.preventDefault()
    const result = checkDraft(draft)
    if (!result.ok) {
      setErrors(result.errors)
      setSummary(result.summary)
      return
    }
    setErrors({})
    setSummary(undefined)
    onNext(result.bundle)
  }

  const setValue = (name: FieldName, value: string) => onChange({ ...draft, values: { ...draft.values, [name]: value } })
  const field = (spec: FieldSpec) => {
    const common = {
      id: `credential-${spec.name}`,
      label: spec.label,
      hint: spec.hint,
      optional: spec.optional,
      value: draft.values[spec.name] ?? '',
      onChange: (value: string) => setValue(spec.name, value),
      error: errors[spec.name],
    }
    if (spec.secret) return <SecretField key={spec.name} {...common} mono={spec.mono} />
    if (spec.multiline) return <TextAreaField key={spec.name} {...common} rows={2} spellCheck={false} />
    return <TextField key={spec.name} {...common} spellCheck={false} className={spec.mono ? 'mono-input' : undefined} />
  }

  return (
    <StepSection step={2} title="Enter the credential">
      <p className="lead">
        The secret the sheets for <strong>{methodName}</strong> will protect. It is sealed and split on this machine; it is not
        stored, logged or shown again until a quorum of custodians releases it.
      </p>
      <form ref={formRef} className="form form-wide" onSubmit={submit} noValidate autoComplete="off" aria-label="Credential">
        {summary && (
          <div className="notice notice-error form-summary" role="alert" tabIndex={-1}>
            <p className="notice-title">Check the credential.</p>
            <p>{summary}</p>
          </div>
        )}
        <fieldset className="fieldset">
          <legend>Kind of credential</legend>
          <div className="stack-tight">
            {KINDS.map((k) => (
              <div key={k.kind} className="issuance-choice">
                <input
                  type="radio"
                  id={`credential-kind-${k.kind}`}
                  name="credential-kind"
                  checked={draft.kind === k.kind}
                  onChange={() => {
                    onChange({ ...draft, kind: k.kind })
                    setErrors({})
                    setSummary(undefined)
                  }}
                  aria-describedby={`credential-kind-${k.kind}-hint`}
                />
                <label htmlFor={`credential-kind-${k.kind}`}>
                  <span className="cell-main">{k.label}</span>
                  <span id={`credential-kind-${k.kind}-hint`} className="muted cell-sub">
                    {k.hint}
                  </span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        {draft.kind === 'generic' ? (
          <GenericFields draft={draft} onChange={onChange} errors={errors} />
        ) : (
          <div className="form-grid">{FIELDS[draft.kind].map(field)}</div>
        )}
        {draft.kind === 'generic' && field({ name: 'notes', label: 'Notes', hint: 'Sealed with the secret and shown only on release.', optional: true, multiline: true })}
        <div className="form-actions">
          <button type="button" className="button" onClick={onBack}>
            Back
          </button>
          <button type="submit" className="button button-primary">
            Next: sheets and custodians
          </button>
        </div>
      </form>
    </StepSection>
  )
}

/** A masked input with a Show / Hide button; never autocompleted, spell-checked or saved. */
function SecretField({ id, label, hint, optional, value, onChange, error, mono }: FieldProps & { mono?: boolean }) {
  const [shown, setShown] = useState(false)
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <div className="secret-input">
        <input
          {...controlProps({ id, value, onChange, hint, error, optional })}
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          autoCapitalize="off"
          spellCheck={false}
          className={mono ? 'mono-input' : undefined}
        />
        <button type="button" className="button button-small" aria-pressed={shown} aria-label={`Show ${label.toLowerCase()}`} onClick={() => setShown((s) => !s)}>
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
    </FieldFrame>
  )
}

function GenericFields({ draft, onChange, errors }: { draft: CredentialDraft; onChange: (d: CredentialDraft) => void; errors: DraftErrors }) {
  const rows = draft.fields
  const setRow = (i: number, patch: Partial<{ name: string; value: string }>) =>
    onChange({ ...draft, fields: rows.map((r, j) => (j === i ? { ...r, ...patch } : r)) })
  return (
    <fieldset className="fieldset">
      <legend>Values</legend>
      <div className="stack">
        {rows.map((row, i) => (
          <div key={i} className="generic-row">
            <TextField id={`field-${i}-name`} label={`Name ${i + 1}`} value={row.name} onChange={(name) => setRow(i, { name })} error={errors[`field-${i}-name`]} spellCheck={false} />
            <SecretField id={`field-${i}-value`} label={`Value ${i + 1}`} value={row.value} onChange={(value) => setRow(i, { value })} error={errors[`field-${i}-value`]} />
            {rows.length > 1 && (
              <button type="button" className="button button-small" onClick={() => onChange({ ...draft, fields: rows.filter((_, j) => j !== i) })}>
                Remove value {i + 1}
              </button>
            )}
          </div>
        ))}
      </div>
      <button type="button" className="button button-small section-gap" onClick={() => onChange({ ...draft, fields: [...rows, { name: '', value: '' }] })}>
        Add a value
      </button>
    </fieldset>
  )
}
