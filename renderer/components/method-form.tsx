// Defining a break-glass method: what the credential reaches, who owns it, what it may be
// used for, the quorum and the deadlines after a release. The backend validates and records it.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { OperationOutput } from '../../shared/api'
import { DEFAULT_POLICY } from '../../shared/ceremony-events'
import { call } from '../custos-client'
import { formProblem, type FormProblem } from '../field-errors'
import { TextAreaField, TextField } from './form-field'

const TEXT_FIELDS = ['name', 'methodId', 'scope', 'access', 'ownerTeam', 'useCases'] as const
const POLICY_FIELDS = ['threshold', 'total', 'copies', 'revokeWithinHours', 'rotateWithinHours', 'reviewWithinDays', 'drillEveryDays'] as const
type PolicyField = (typeof POLICY_FIELDS)[number]
type Field = (typeof TEXT_FIELDS)[number] | PolicyField
export type AddedMethod = OperationOutput<'methods.add'>

const ORDER: Field[] = [...TEXT_FIELDS, ...POLICY_FIELDS]
const EMPTY: Record<Field, string> = {
  name: '',
  methodId: '',
  scope: '',
  access: '',
  ownerTeam: '',
  useCases: '',
  threshold: '3',
  total: '5',
  copies: String(DEFAULT_POLICY.copies),
  revokeWithinHours: String(DEFAULT_POLICY.revokeWithinHours),
  rotateWithinHours: String(DEFAULT_POLICY.rotateWithinHours),
  reviewWithinDays: String(DEFAULT_POLICY.reviewWithinDays),
  drillEveryDays: String(DEFAULT_POLICY.drillEveryDays),
}

function fieldOf(path: string): Field | undefined {
  const [head, next] = path.split('.')
  if (head === 'policy') return (POLICY_FIELDS as readonly string[]).includes(next ?? '') ? (next as Field) : undefined
  return (TEXT_FIELDS as readonly string[]).includes(head ?? '') ? (head as Field) : undefined
}

/** A number as typed; empty stays undefined so the backend names it (or uses its default). */
function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text)
}

export function MethodForm({ onAdded }: { onAdded: (method: AddedMethod) => void }) {
  const [values, setValues] = useState(EMPTY)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<FormProblem<Field>>()
  const formRef = useRef<HTMLFormElement>(null)
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }))

  useEffect(() => {
    if (!problem) return
    const first = ORDER.find((f) => problem.fields[f])
    formRef.current?.querySelector<HTMLElement>(first ? `#method-${first}` : '.form-summary')?.focus()
  }, [problem])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setProblem(undefined)
    const policy: Record<string, number> = {}
    for (const field of POLICY_FIELDS) {
      const n = numberOf(values[field])
      if (n !== undefined) policy[field] = n
    }
    try {
      const added = await call('methods.add', {
        name: values.name,
        scope: values.scope,
        access: values.access,
        ownerTeam: values.ownerTeam,
        useCases: values.useCases.split('\n').map((u) => u.trim()).filter(Boolean),
        ...(values.methodId.trim() ? { methodId: values.methodId.trim() } : {}),
        policy: policy as { threshold: number; total: number },
      })
      setValues(EMPTY)
      onAdded(added)
    } catch (error) {
      setProblem(formProblem<Field>(error, fieldOf, { METHOD_EXISTS: 'methodId', POLICY_INVALID: 'threshold' }))
    } finally {
      setBusy(false)
    }
  }

  const err = (field: Field) => problem?.fields[field]
  const number = (field: PolicyField, label: string, hint?: string) => (
    <TextField
      id={`method-${field}`}
      label={label}
      value={values[field]}
      onChange={set(field)}
      error={err(field)}
      hint={hint}
      inputMode="numeric"
      className="number-input"
    />
  )
  return (
    <form ref={formRef} className="form form-wide" onSubmit={submit} noValidate aria-labelledby="add-method-heading">
      {problem && (
        <div className="notice notice-error form-summary" role="alert" tabIndex={-1}>
          <p className="notice-title">The method was not added.</p>
          <p className="pre-line">{problem.summary}</p>
        </div>
      )}
      <div className="form-grid">
        <TextField id="method-name" label="Name" value={values.name} onChange={set('name')} error={err('name')} maxLength={120} hint="As people will say it in an emergency." />
        <TextField
          id="method-methodId"
          label="ID"
          optional
          value={values.methodId}
          onChange={set('methodId')}
          error={err('methodId')}
          maxLength={63}
          hint="Lower-case letters, digits and hyphens; used on the command line. Left empty, it is made from the name."
          className="mono-input"
        />
        <TextField
          id="method-scope"
          label="Scope"
          value={values.scope}
          onChange={set('scope')}
          error={err('scope')}
          maxLength={300}
          hint="What the credential reaches, e.g. the account and environment."
        />
        <TextField
          id="method-access"
          label="Access it grants"
          value={values.access}
          onChange={set('access')}
          error={err('access')}
          maxLength={300}
          hint="E.g. root user of the management account, or AdministratorAccess."
        />
        <TextField
          id="method-ownerTeam"
          label="Owner team"
          value={values.ownerTeam}
          onChange={set('ownerTeam')}
          error={err('ownerTeam')}
          maxLength={120}
          hint="Who owns the resource and must be told of every release."
        />
        <TextAreaField
          id="method-useCases"
          label="Permitted use cases"
          value={values.useCases}
          onChange={set('useCases')}
          error={err('useCases')}
          rows={3}
          hint="One per line. A release must name one of these."
        />
      </div>
      <fieldset className="fieldset">
        <legend>Quorum</legend>
        <div className="field-row">
          {number('threshold', 'Sheets needed')}
          {number('total', 'Shares')}
          {number('copies', 'Copies of each')}
        </div>
        <p className="hint">Any “sheets needed” of the shares open the credential; fewer reveal nothing.</p>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Deadlines after a release</legend>
        <div className="field-row">
          {number('revokeWithinHours', 'Revoke within (hours)')}
          {number('rotateWithinHours', 'Rotate within (hours)')}
          {number('reviewWithinDays', 'Review within (days)')}
          {number('drillEveryDays', 'Drill every (days)')}
        </div>
      </fieldset>
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add method'}
        </button>
      </div>
    </form>
  )
}
