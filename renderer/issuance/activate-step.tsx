// Step 7: activate the set, scanned back and handed over. From then on only its sheets open
// the credential; the method's previous set is retired, and its sheets must be collected
// and destroyed (the Dashboard keeps that obligation until each destruction is recorded).
import { useState, type ReactNode } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call, messageOf } from '../custos-client'
import { countOf, formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { StepSection, useArrivalFocus, WizardSteps } from './step-section'

type SetView = OperationOutput<'sets.list'>['sets'][number]

interface ActivateStepProps {
  set: SetView
  methodName: string
  /** The set the activation retires, if the method has one active. */
  previous?: SetView
  onActivated: (set: SetView) => void
  actions?: ReactNode
}

export function ActivateStep({ set, methodName, previous, onActivated, actions }: ActivateStepProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()

  async function activate() {
    setBusy(true)
    setError(undefined)
    try {
      onActivated(await call('issuance.activate', { setId: set.setId }))
    } catch (err) {
      setError(messageOf(err))
      setBusy(false)
    }
  }

  return (
    <StepSection step={7} title="Activate the set" actions={actions}>
      <dl className="facts">
        <dt>Method</dt>
        <dd>{methodName}</dd>
        <dt>Set</dt>
        <dd className="mono">{groupSetId(set.setId)}</dd>
        <dt>Quorum</dt>
        <dd>
          any {set.threshold} of {set.total} shares, {countOf(set.copies, 'copy', 'copies')} of each
        </dd>
        <dt>Scanned back</dt>
        <dd>{set.scanVerified ? `${formatDateTime(set.scanVerified.time)}, logbook entry ${set.scanVerified.seq}` : 'not yet'}</dd>
        <dt>Handed over</dt>
        <dd>
          {set.sheets.filter((s) => s.handedOver).length} of {countOf(set.sheets.length, 'sheet')}
        </dd>
      </dl>
      {previous ? (
        <div className="notice notice-warn section-gap">
          <p className="notice-title">Activating retires set {groupSetId(previous.setId)}.</p>
          <p>
            Its {countOf(previous.sheets.length, 'sheet')} will no longer open the credential. Collect them from their custodians and
            destroy them; the Dashboard reminds you until every destruction is recorded.
          </p>
        </div>
      ) : (
        <p className="muted section-gap">This is the first set of {methodName}: nothing is retired.</p>
      )}
      {error && (
        <div className="notice notice-error section-gap" role="alert">
          <p className="notice-title">The set was not activated.</p>
          <p>{error}</p>
        </div>
      )}
      <div className="form-actions section-gap">
        <button type="button" className="button button-primary" onClick={() => void activate()} disabled={busy}>
          {busy ? 'Activating…' : `Activate set ${groupSetId(set.setId)}`}
        </button>
      </div>
    </StepSection>
  )
}

/** The end state: which set is live, and what to do with the one it replaced. */
export function IssuanceDone({ set, methodName, retired }: { set: SetView; methodName: string; retired?: SetView }) {
  const live = retired?.sheets.filter((s) => !s.destroyed) ?? []
  const heading = useArrivalFocus<HTMLHeadingElement>()
  return (
    <>
      <WizardSteps current="done" />
      <section className="card issuance-card" aria-labelledby="issuance-done-heading">
        <h2 id="issuance-done-heading" tabIndex={-1} ref={heading}>
          Set {groupSetId(set.setId)} is active
        </h2>
        <div className="notice notice-ok" role="status">
          <p className="notice-title">
            {methodName} is protected by set {groupSetId(set.setId)}: any {set.threshold} of its {set.total} shares open it.
          </p>
          <p>
            {set.activated ? `Activated ${formatDateTime(set.activated.time)}, logbook entry ${set.activated.seq}. ` : ''}
            <a href={routeHref('logbook')}>Open the Logbook</a>
          </p>
        </div>
        {retired && (
          <div className="notice notice-warn section-gap">
            <p className="notice-title">Set {groupSetId(retired.setId)} is retired: destroy its sheets.</p>
            {live.length > 0 ? (
              <>
                <p>Collect these sheets and destroy them in front of a witness; record each destruction in Aftercare.</p>
                <ul className="plain-list warning-list">
                  {live.map((s) => (
                    <li key={`${s.index}.${s.copy}`}>
                      Share {s.index}
                      {retired.copies > 1 ? `, copy ${s.copy}` : ''}: {s.custodianName}
                      {s.bagSerial ? ` (bag ${s.bagSerial})` : ''}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>Every one of its sheets is recorded as destroyed.</p>
            )}
            <p>
              <a href={routeHref('aftercare')}>Open Aftercare</a> · <a href={routeHref('dashboard')}>Open the Dashboard</a>
            </p>
          </div>
        )}
        <ul className="plain-list done-next">
          <li>Tell each custodian where to keep their bag, and to check its serial at every drill.</li>
          <li>
            <a href={routeHref('drill', set.methodId)}>Run a drill with the new sheets</a>
            {retired ? ' before the old ones are destroyed' : ''}: it proves the custodians can meet and their sheets open the credential.
          </li>
        </ul>
      </section>
    </>
  )
}
