// Step 3: the new credential as a new set of sheets, through the issuance wizard. The log
// shows it done once a set of the method is activated after the release (which retires
// the set the credential was released from).
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import type { AftercareState, StepState } from './aftercare-model'

export function ReissueStep({ state, step }: { state: AftercareState; step: StepState }) {
  const { newSet, pendingSet, releasedSet } = state
  if (step.done && newSet?.activated) {
    return (
      <p>
        Set <span className="mono">{groupSetId(newSet.setId)}</span> was activated <time dateTime={newSet.activated.time}>{formatDateTime(newSet.activated.time)}</time>{' '}
        (logbook entry {newSet.activated.seq}){releasedSet?.retired ? `; set ${groupSetId(releasedSet.setId)} was retired.` : '.'}
      </p>
    )
  }
  if (pendingSet) {
    return (
      <>
        <p>
          Set <span className="mono">{groupSetId(pendingSet.setId)}</span> is being issued (started{' '}
          <time dateTime={pendingSet.issued.time}>{formatDateTime(pendingSet.issued.time)}</time>
          {pendingSet.scanVerified ? ', scanned back' : ''}). Finish it: print, scan back every sheet, hand each over, activate.
        </p>
        <p>
          <a className="button button-primary" href={routeHref('issuance', pendingSet.setId)}>
            Continue set {groupSetId(pendingSet.setId)}
          </a>
        </p>
      </>
    )
  }
  return (
    <>
      <p>
        Split the new credential into a new set of sheets for this method: print, scan back every sheet, hand each over in its bag, activate.
        Activating it retires set {releasedSet ? groupSetId(releasedSet.setId) : 'the old set'}.
      </p>
      <p>
        <a className="button button-primary" href={routeHref('issuance')}>
          Open the issuance wizard
        </a>
      </p>
    </>
  )
}
