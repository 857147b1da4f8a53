// Step 3: how the credential is split (K of N and copies come from the method's policy), who
// receives each sheet (roster order by default, editable per sheet), and what is printed on
// every sheet besides the share: an optional label, an emergency contact, the paper size, and
// whether the custodian, vault and method names are left off (anonymous sheets).
import { useMemo, useRef, useState, type FormEvent } from 'react'
import type { MethodView } from '../components/method-details'
import type { CustodianView } from '../components/custodian-form'
import { TextField } from '../components/form-field'
import { countOf } from '../format'
import { routeHref } from '../use-route'
import { UiError, messageOf } from '../custos-client'
import { StepSection } from './step-section'

export interface SheetPlan {
  assignments: { index: number; copy: number; custodianId: string }[]
  label: string
  emergencyContact: string
  pageSize: 'A4' | 'LETTER'
  /** Leave custodian, vault and method names off the sheets (the set id and whom to tell stay). */
  anonymous?: boolean
}

interface SheetsStepProps {
  method: MethodView
  custodians: CustodianView[]
  plan?: SheetPlan
  onBack: () => void
  /** Splits and issues; a throw is shown on this step (the credential step for a bad credential). */
  onStart: (plan: SheetPlan) => Promise<void>
  onPlanChange: (plan: SheetPlan) => void
}

/** As the backend assigns by default: share 1..N of copy 1 to the roster in order, then copy 2, ... */
export function defaultAssignments(total: number, copies: number, custodianIds: string[]): SheetPlan['assignments'] {
  const sheets: SheetPlan['assignments'] = []
  let next = 0
  for (let copy = 1; copy <= copies; copy++) {
    for (let index = 1; index <= total; index++) sheets.push({ index, copy, custodianId: custodianIds[next++ % Math.max(1, custodianIds.length)] ?? '' })
  }
  return sheets.sort((a, b) => a.index - b.index || a.copy - b.copy)
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length

export function SheetsStep({ method, custodians, plan: given, onBack, onStart, onPlanChange }: SheetsStepProps) {
  const { threshold, total, copies } = method.policy
  const active = custodians.filter((c) => !c.retired)
  const initial = useMemo<SheetPlan>(
    () => given ?? { assignments: defaultAssignments(total, copies, active.map((c) => c.custodianId)), label: '', emergencyContact: '', pageSize: 'A4' },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  )
  const [plan, setPlanState] = useState<SheetPlan>(initial)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<{ title: string; message: string; backToCredential?: boolean; continueSet?: string }>()
  const summaryRef = useRef<HTMLDivElement>(null)
  const setPlan = (next: SheetPlan) => {
    setPlanState(next)
    onPlanChange(next)
  }

  const clashes = new Map<string, string>()
  // With too few custodians every clash is the same one fact, said once above the table.
  for (const a of active.length < total * copies ? [] : plan.assignments) {
    const twin = plan.assignments.find((b) => b !== a && b.index === a.index && b.custodianId === a.custodianId && b.copy < a.copy)
    if (twin) clashes.set(`${a.index}.${a.copy}`, `${nameOf(a.custodianId)} already holds copy ${twin.copy} of share ${a.index}; give each copy to someone else.`)
  }
  // Anyone holding two different shares needs fewer than K-1 others to recover the credential,
  // so a valid assignment gives each custodian one sheet at most: N x copies people.
  const needed = total * copies
  const tooFew = active.length < needed
  const groupProblems = clashes.size > 0 ? [] : overreach(plan.assignments, threshold, nameOf)
  const labelTooLong = utf8Length(plan.label) > 64
  function nameOf(id: string) {
    return active.find((c) => c.custodianId === id)?.name ?? id
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (clashes.size > 0 || labelTooLong || groupProblems.length > 0) {
      setProblem({ title: 'The sheets were not created.', message: groupProblems.length > 0 ? groupProblems.join('\n') : 'Fix the fields marked above.' })
      queueMicrotask(() => summaryRef.current?.focus())
      return
    }
    setBusy(true)
    setProblem(undefined)
    try {
      await onStart(plan)
    } catch (error) {
      const code = error instanceof UiError ? error.code : undefined
      const setId = error instanceof UiError && typeof error.details.setId === 'string' ? error.details.setId : undefined
      setProblem({
        title: 'The sheets were not created.',
        // The backend names custodians by id: say their names.
        message: active.reduce((text, c) => text.split(c.custodianId).join(c.name), messageOf(error)),
        backToCredential: code === 'BUNDLE_INVALID' || code === 'BUNDLE_TOO_LARGE',
        ...(code === 'ISSUANCE_IN_PROGRESS' && setId ? { continueSet: setId } : {}),
      })
      setBusy(false)
      queueMicrotask(() => summaryRef.current?.focus())
    }
  }

  return (
    <StepSection step={3} title="Sheets and custodians">
      <form className="form form-wide" onSubmit={submit} noValidate aria-label="Sheets and custodians">
        <dl className="facts">
          <dt>Quorum</dt>
          <dd>
            Any <strong>{threshold}</strong> of <strong>{total}</strong> shares open the credential; fewer reveal nothing.
          </dd>
          <dt>Sheets</dt>
          <dd>
            {countOf(copies, 'copy', 'copies')} of each share: <strong>{countOf(total * copies, 'sheet')}</strong> to print, scan back and
            hand over.
          </dd>
        </dl>
        {tooFew && (
          <div className="notice notice-warn" role="status">
            <p className="notice-title">
              These sheets cannot be issued yet: they need {countOf(needed, 'custodian')}, and the roster has {active.length}.
            </p>
            <p>
              Each of the {countOf(needed, 'sheet')} ({countOf(total, 'share')} × {countOf(copies, 'copy', 'copies')}) must go to a different person:
              someone holding two different shares could recover the credential with fewer than {threshold} people.{' '}
              <a href={routeHref('custodians')}>Add custodians, or lower the shares or copies of {method.name}</a>, then come back.
            </p>
          </div>
        )}
        {!tooFew && groupProblems.length > 0 && (
          <div className="notice notice-warn">
            {groupProblems.map((text) => (
              <p key={text}>{text}</p>
            ))}
          </div>
        )}

        <fieldset className="fieldset">
          <legend>Who receives each sheet</legend>
          <div className="table-wrap">
            <table className="assign-table">
              <thead>
                <tr>
                  <th scope="col">Sheet</th>
                  <th scope="col">Custodian</th>
                </tr>
              </thead>
              <tbody>
                {plan.assignments.map((a) => {
                  const key = `${a.index}.${a.copy}`
                  const id = `assign-${a.index}-${a.copy}`
                  const clash = clashes.get(key)
                  const name = `Share ${a.index}${copies > 1 ? `, copy ${a.copy}` : ''}`
                  return (
                    <tr key={key}>
                      <th scope="row" className="row-head">
                        <label htmlFor={id}>{name}</label>
                      </th>
                      <td>
                        <div className={`field${clash ? ' field-invalid' : ''}`}>
                          <select
                            id={id}
                            value={a.custodianId}
                            aria-invalid={clash ? true : undefined}
                            aria-describedby={clash ? `${id}-error` : undefined}
                            onChange={(event) =>
                              setPlan({
                                ...plan,
                                assignments: plan.assignments.map((b) => (b === a ? { ...b, custodianId: event.target.value } : b)),
                              })
                            }
                          >
                            {active.map((c) => (
                              <option key={c.custodianId} value={c.custodianId}>
                                {c.name} ({c.team})
                              </option>
                            ))}
                          </select>
                          {clash && (
                            <p id={`${id}-error`} className="field-error">
                              {clash}
                            </p>
                          )}
                        </div>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          <p className="hint">
            One sheet per custodian, in roster order, by default. Spread the shares over teams and places, so that {threshold} custodians can meet at any
            hour while no smaller group holds {threshold} shares.
          </p>
        </fieldset>

        <div className="form-grid">
          <TextField
            id="sheet-label"
            label="Label printed on every sheet"
            optional
            value={plan.label}
            onChange={(label) => setPlan({ ...plan, label })}
            error={labelTooLong ? `At most 64 bytes fit on a sheet; this label has ${utf8Length(plan.label)}.` : undefined}
            hint="Helps custodians tell sheets apart. Anyone who finds a sheet reads it too: say no more than you must."
            maxLength={64}
          />
          <TextField
            id="emergency-contact"
            label="Emergency contact"
            optional
            value={plan.emergencyContact}
            onChange={(emergencyContact) => setPlan({ ...plan, emergencyContact })}
            hint="Whom a custodian calls in an emergency, name and number; printed in the sheet’s instructions."
            maxLength={120}
          />
        </div>
        <fieldset className="fieldset">
          <legend>Paper</legend>
          <div className="issuance-inline-choices">
            {(
              [
                ['A4', 'A4'],
                ['LETTER', 'US Letter'],
              ] as const
            ).map(([value, label]) => (
              <span key={value} className="issuance-choice-inline">
                <input
                  type="radio"
                  id={`page-size-${value}`}
                  name="page-size"
                  checked={plan.pageSize === value}
                  onChange={() => setPlan({ ...plan, pageSize: value })}
                />
                <label htmlFor={`page-size-${value}`}>{label}</label>
              </span>
            ))}
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Names on the sheets</legend>
          <label className="choice">
            <input
              type="checkbox"
              id="anonymous-sheets"
              checked={Boolean(plan.anonymous)}
              onChange={(event) => setPlan({ ...plan, anonymous: event.target.checked })}
            />
            Leave custodian and vault names off the sheets
          </label>
          <p className="hint">
            By default each sheet names its vault, method and custodian, so someone holding several bags can tell them apart. Anonymous sheets
            print only the set id; whom to tell of a lost sheet stays on the custody record on the back.
          </p>
        </fieldset>
        {problem && (
          <div ref={summaryRef} className="notice notice-error form-summary" role="alert" tabIndex={-1}>
            <p className="notice-title">{problem.title}</p>
            <p className="pre-line">{problem.message}</p>
            {problem.backToCredential && (
              <button type="button" className="button" onClick={onBack}>
                Back to the credential
              </button>
            )}
            {problem.continueSet && (
              <p>
                <a href={routeHref('issuance', problem.continueSet)}>Continue set {problem.continueSet}</a>
              </p>
            )}
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onBack} disabled={busy}>
            Back
          </button>
          <button type="submit" className="button button-primary" disabled={busy || tooFew}>
            {busy ? 'Splitting…' : 'Split and create the sheets'}
          </button>
        </div>
        <p className="hint">
          Splitting records the new set in the logbook and creates its sheets in memory; nothing is printed or saved until you choose
          to.
        </p>
      </form>
    </StepSection>
  )
}

/**
 * Custodians whose sheets would let fewer than K people recover the credential, in words:
 * anyone holding h >= 2 different shares, with K - h others holding further shares.
 */
export function overreach(assignments: SheetPlan['assignments'], threshold: number, nameOf: (id: string) => string): string[] {
  const held = new Map<string, Set<number>>()
  for (const a of assignments) held.set(a.custodianId, (held.get(a.custodianId) ?? new Set()).add(a.index))
  const problems: string[] = []
  for (const [id, shares] of held) {
    if (shares.size < 2) continue
    const group = [id]
    const covered = new Set(shares)
    for (const a of assignments) {
      if (covered.size >= threshold) break
      if (!covered.has(a.index) && !group.includes(a.custodianId)) {
        group.push(a.custodianId)
        for (const i of held.get(a.custodianId) ?? []) covered.add(i)
      }
    }
    if (covered.size < threshold || group.length >= threshold) continue
    const names = group.map(nameOf)
    const who = names.length === 1 ? `${names[0]} alone would hold` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} would together hold`
    problems.push(
      `${who} ${threshold} different shares, so ${names.length === 1 ? 'one person' : `${names.length} people`} could recover the credential without the others. Give ${nameOf(id)} one sheet only.`,
    )
  }
  return problems
}
