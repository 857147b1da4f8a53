// Adding a custodian: name, contact and team (the id is made from the name unless given).
// The backend validates and records it; its refusal comes back as errors on the fields.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call } from '../custos-client'
import { formProblem, type FormProblem } from '../field-errors'
import { TextField } from './form-field'

type Field = 'name' | 'contact' | 'team' | 'custodianId'
export type AddedCustodian = OperationOutput<'custodians.add'>

const EMPTY: Record<Field, string> = { name: '', contact: '', team: '', custodianId: '' }
const ORDER: Field[] = ['name', 'contact', 'team', 'custodianId']

export function CustodianForm({ onAdded }: { onAdded: (custodian: AddedCustodian) => void }) {
  const [values, setValues] = useState(EMPTY)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<FormProblem<Field>>()
  const formRef = useRef<HTMLFormElement>(null)
  const set = (field: Field) => (value: string) => setValues((v) => ({ ...v, [field]: value }))

  useEffect(() => {
    // Keyboard users land on the first field to fix; otherwise on the summary.
    if (!problem) return
    const first = ORDER.find((f) => problem.fields[f])
    formRef.current?.querySelector<HTMLElement>(first ? `#custodian-${first}` : '.form-summary')?.focus()
  }, [problem])

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setProblem(undefined)
    try {
      const added = await call('custodians.add', {
        name: values.name,
        contact: values.contact,
        team: values.team,
        ...(values.custodianId.trim() ? { custodianId: values.custodianId.trim() } : {}),
      })
      setValues(EMPTY)
      onAdded(added)
    } catch (error) {
      setProblem(
        formProblem<Field>(error, (path) => (ORDER as string[]).includes(path) ? (path as Field) : undefined, {
          CUSTODIAN_EXISTS: 'custodianId',
        }),
      )
    } finally {
      setBusy(false)
    }
  }

  const err = (field: Field) => problem?.fields[field]
  return (
    <form ref={formRef} className="form form-wide" onSubmit={submit} noValidate aria-labelledby="add-custodian-heading">
      {problem && (
        <div className="notice notice-error form-summary" role="alert" tabIndex={-1}>
          <p className="notice-title">The custodian was not added.</p>
          <p className="pre-line">{problem.summary}</p>
        </div>
      )}
      <div className="form-grid">
        <TextField id="custodian-name" label="Name" value={values.name} onChange={set('name')} error={err('name')} maxLength={120} />
        <TextField
          id="custodian-contact"
          label="Contact"
          value={values.contact}
          onChange={set('contact')}
          error={err('contact')}
          maxLength={200}
          hint="How to reach them in an emergency, day or night: phone first."
        />
        <TextField id="custodian-team" label="Team" value={values.team} onChange={set('team')} error={err('team')} maxLength={120} hint="The team they belong to, so a quorum can be spread across teams." />
        <TextField
          id="custodian-custodianId"
          label="ID"
          optional
          value={values.custodianId}
          onChange={set('custodianId')}
          error={err('custodianId')}
          maxLength={63}
          hint="Lower-case letters, digits and hyphens; used on the command line. Left empty, it is made from the name."
          className="mono-input"
        />
      </div>
      <div>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add custodian'}
        </button>
      </div>
    </form>
  )
}
