// One break-glass method as its owners and auditors read it: what it reaches, who owns it,
// what it may be used for, its quorum and deadlines, and which set of sheets is live.
import type { ReactNode } from 'react'
import type { OperationOutput } from '../../shared/api'
import { countOf, formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { useActorWords } from '../computer-account'

export type MethodView = OperationOutput<'methods.list'>['methods'][number]

export function SetStatus({ method }: { method: MethodView }) {
  return (
    <span className="status-group">
      {method.activeSetId ? (
        <span className="status status-ok">
          Active set <span className="mono">{groupSetId(method.activeSetId)}</span>
        </span>
      ) : (
        <a className="status status-warn status-link" href={routeHref('issuance')} aria-label={`No active set: issue sheets for ${method.name}`}>
          No active set: issue sheets
        </a>
      )}
      {method.pendingSetId && (
        <span className="status status-neutral">
          Issuing <span className="mono">{groupSetId(method.pendingSetId)}</span>
        </span>
      )}
    </span>
  )
}

/** @param actions controls for this method (e.g. Edit), shown beside its status. */
export function MethodDetails({ method, actions }: { method: MethodView; actions?: ReactNode }) {
  const actorWords = useActorWords()
  const p = method.policy
  const headingId = `method-${method.methodId}-heading`
  return (
    <article className="method" aria-labelledby={headingId}>
      <div className="method-head">
        <h3 id={headingId}>
          {method.name} <span className="muted mono id-tag">{method.methodId}</span>
        </h3>
        <span className="method-actions">
          <SetStatus method={method} />
          {actions}
        </span>
      </div>
      <dl className="facts">
        <dt>Scope</dt>
        <dd>{method.scope}</dd>
        <dt>Access</dt>
        <dd>{method.access}</dd>
        <dt>Owner team</dt>
        <dd>{method.ownerTeam}</dd>
        <dt>Use cases</dt>
        <dd>
          <ul className="plain-list">
            {method.useCases.map((useCase) => (
              <li key={useCase}>{useCase}</li>
            ))}
          </ul>
        </dd>
        <dt>Quorum</dt>
        <dd>
          {p.threshold} of {p.total} shares, {countOf(p.copies, 'copy', 'copies')} of each
          {p.operatorMayPresent ? '' : '; the operator may not present a sheet for their own release'}
        </dd>
        <dt>After a release</dt>
        <dd>
          revoke within {countOf(p.revokeWithinHours, 'hour')}, rotate within {countOf(p.rotateWithinHours, 'hour')}, review
          within {countOf(p.reviewWithinDays, 'day')}
        </dd>
        <dt>Drills</dt>
        <dd>
          every {countOf(p.drillEveryDays, 'day')}; retired sheets destroyed within {countOf(p.destroyWithinDays, 'day')}
        </dd>
        <dt>Defined</dt>
        <dd>
          <time dateTime={method.defined.time}>{formatDateTime(method.defined.time)}</time> by {actorWords(method.defined.actor)} (logbook entry{' '}
          {method.defined.seq})
        </dd>
      </dl>
    </article>
  )
}
