// Step 1: which break-glass method the new set of sheets is for. A method with a set still
// being issued cannot start another; the step links to that set instead.
import { useState, type FormEvent } from 'react'
import type { MethodView } from '../components/method-details'
import { countOf, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { StepSection } from './step-section'

interface MethodStepProps {
  methods: MethodView[]
  chosen?: string
  onNext: (methodId: string) => void
}

export function MethodStep({ methods, chosen, onNext }: MethodStepProps) {
  const available = methods.filter((m) => !m.pendingSetId)
  const [methodId, setMethodId] = useState(chosen ?? (available.length === 1 ? available[0]!.methodId : ''))
  const [error, setError] = useState<string>()

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!methodId) {
      setError('Choose the method the sheets are for.')
      return
    }
    onNext(methodId)
  }

  if (methods.length === 0) {
    return (
      <StepSection step={1} title="Choose the method">
        <div className="notice notice-warn">
          <p className="notice-title">No break-glass method is defined yet.</p>
          <p>
            A method says what the credential reaches, who owns it and how many custodians must come together. Define one and add
            the custodians who will hold the sheets, then come back here.
          </p>
          <p>
            <a href={routeHref('custodians')}>Open Custodians &amp; methods</a>
          </p>
        </div>
      </StepSection>
    )
  }

  return (
    <StepSection step={1} title="Choose the method">
      <form className="form form-wide" onSubmit={submit} noValidate>
        <fieldset className="fieldset" aria-describedby={error ? 'method-choice-error' : undefined}>
          <legend>Issue sheets for</legend>
          {error && (
            <p id="method-choice-error" className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="stack-tight">
            {methods.map((m) => {
              const id = `method-choice-${m.methodId}`
              const p = m.policy
              return (
                <div key={m.methodId} className={`issuance-choice${m.pendingSetId ? ' issuance-choice-disabled' : ''}`}>
                  <input
                    type="radio"
                    id={id}
                    name="method"
                    value={m.methodId}
                    checked={methodId === m.methodId}
                    disabled={Boolean(m.pendingSetId)}
                    onChange={() => {
                      setMethodId(m.methodId)
                      setError(undefined)
                    }}
                    aria-describedby={`${id}-facts`}
                  />
                  <label htmlFor={id}>
                    <span className="cell-main">{m.name}</span>
                    <span id={`${id}-facts`} className="muted cell-sub">
                      {m.scope} · {p.threshold} of {p.total} shares, {countOf(p.copies, 'copy', 'copies')} of each ·{' '}
                      {m.activeSetId ? `active set ${groupSetId(m.activeSetId)} (replaced once the new set is active)` : 'no active set yet'}
                    </span>
                  </label>
                  {m.pendingSetId && (
                    <p className="issuance-choice-note">
                      Set <span className="mono">{groupSetId(m.pendingSetId)}</span> is being issued.{' '}
                      <a href={routeHref('issuance', m.pendingSetId)}>Continue set {groupSetId(m.pendingSetId)}</a>
                    </p>
                  )}
                </div>
              )
            })}
          </div>
        </fieldset>
        <p className="hint">
          The method decides how many shares there are and how many custodians must come together; change it in{' '}
          <a href={routeHref('custodians')}>Custodians &amp; methods</a>.
        </p>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={available.length === 0}>
            Next: the credential
          </button>
        </div>
      </form>
    </StepSection>
  )
}
