// What every form the backend validates shares (custodian and method, add and edit): the
// typed values, busy while the call runs, the refusal mapped onto fields, focus on the first.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { formProblem, type FormProblem } from './field-errors'

export interface BackendFormOptions<F extends string> {
  initial: Record<F, string>
  /** Fields in screen order: after a refusal, focus goes to the first one refused. */
  order: readonly F[]
  /** Element ids are `${idPrefix}-${field}`, so two forms of one kind can share a page. */
  idPrefix: string
  /** Maps an issue path ("name", "policy.copies", "useCases.0") to a field. */
  fieldOf: (path: string) => F | undefined
  /** The field a code-only refusal belongs to (e.g. CUSTODIAN_EXISTS -> the id). */
  byCode?: Partial<Record<string, F>>
  /** Calls the backend; a throw becomes the form's problem. */
  save: (values: Record<F, string>) => Promise<void>
  /** Empty the form after a successful save (adding); editing keeps what was saved. */
  resetAfterSave?: boolean
}

export interface BoundField {
  id: string
  value: string
  onChange: (value: string) => void
  error?: string
}

export function useBackendForm<F extends string>(options: BackendFormOptions<F>) {
  const { initial, order, idPrefix, fieldOf, byCode, save, resetAfterSave } = options
  const [values, setValues] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<FormProblem<F>>()
  // Counts refusals: focus moves on a new refusal only, never while someone fixes a field.
  const [refusals, setRefusals] = useState(0)
  const formRef = useRef<HTMLFormElement>(null)
  const idOf = (field: F) => `${idPrefix}-${field}`

  useEffect(() => {
    // Keyboard users land on the first field to fix; otherwise on the summary.
    if (!problem) return
    const first = order.find((f) => problem.fields[f])
    formRef.current?.querySelector<HTMLElement>(first ? `#${CSS.escape(idOf(first))}` : '.form-summary')?.focus()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refusals])

  async function onSubmit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setProblem(undefined)
    try {
      await save(values)
      if (resetAfterSave) setValues(initial)
    } catch (error) {
      setProblem(formProblem<F>(error, fieldOf, byCode))
      setRefusals((n) => n + 1)
    } finally {
      setBusy(false)
    }
  }

  /** The props a TextField / TextAreaField needs for one field. */
  const field = (name: F): BoundField => ({
    id: idOf(name),
    value: values[name],
    onChange: (value) => {
      setValues((v) => ({ ...v, [name]: value }))
      // A field being fixed loses its error; the refusal goes once no field is left to fix.
      setProblem((p) => {
        if (!p || !p.fields[name]) return p
        const fields = { ...p.fields, [name]: undefined }
        return Object.values(fields).some(Boolean) ? { ...p, fields } : undefined
      })
    },
    error: problem?.fields[name],
  })

  return { values, field, busy, problem, formRef, onSubmit }
}

/** The fields whose value differs from what was loaded: an edit sends only these. */
export function changedFields<F extends string>(values: Record<F, string>, initial: Record<F, string>, fields: readonly F[]): F[] {
  return fields.filter((f) => values[f] !== initial[f])
}
