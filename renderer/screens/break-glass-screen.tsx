// Break glass: 1 the request (every field required), 2 the quorum of custodians presenting
// their sheets, 3 the credential released to the named operator. The credential lives only
// in this screen's state: Done, another screen or closing the app drops it.
// #/break-glass/REL-ID continues a request already recorded (e.g. after a restart).
import { useEffect, useRef, useState } from 'react'
import { call, messageOf, UiError } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { StepIndicator } from '../components/step-indicator'
import { ModalDialog } from '../components/modal-dialog'
import { TextField } from '../components/form-field'
import type { MethodView } from '../components/method-details'
import { QuorumPanel } from '../quorum/quorum-panel'
import { useQuorum } from '../quorum/use-quorum'
import { RequestForm, type ReleaseView } from '../break-glass/request-form'
import { ReleaseView as ReleasedCredential, type ReleaseGranted } from '../break-glass/release-view'
import '../styles/break-glass.css'

/** Set when the person asks for the release, read by the desktop benchmark. */
export const MARK_RELEASE_ASKED = 'custos:release-asked'

type Step =
  | { kind: 'request' }
  | { kind: 'quorum'; release: ReleaseView; method: MethodView }
  | { kind: 'released'; release: ReleaseView; granted: ReleaseGranted }
  | { kind: 'done'; release: ReleaseView }

const STEPS = ['Request', 'Quorum', 'Release'] as const

export function BreakGlassScreen({ params }: { params: string[] }) {
  // Another release id in the address starts afresh (and drops any credential on screen).
  return <BreakGlassFlow key={params[0] ?? ''} resumeId={params[0]} />
}

function BreakGlassFlow({ resumeId }: { resumeId: string | undefined }) {
  const [step, setStep] = useState<Step>({ kind: 'request' })
  const [data, reload] = useAsync(async () => {
    const [{ methods }, { releases }, { custodians }] = await Promise.all([call('methods.list', {}), call('releases.list', {}), call('custodians.list', {})])
    return { methods, releases, custodians }
  }, [])

  // #/break-glass/REL-ID: straight to the quorum of a request already recorded.
  useEffect(() => {
    if (!resumeId || data.status !== 'ready' || step.kind !== 'request') return
    const release = data.value.releases.find((r) => r.releaseId === resumeId)
    const method = release && data.value.methods.find((m) => m.methodId === release.methodId)
    if (release && method && !release.granted && !release.withdrawn) setStep({ kind: 'quorum', release, method })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resumeId, data.status])

  const index = step.kind === 'request' ? 0 : step.kind === 'quorum' ? 1 : 2
  const announcement = useStepFocus(step.kind, step.kind === 'request' ? undefined : step.release.incidentTicket)
  return (
    <>
      <ScreenHeading title="Break glass" />
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      <StepIndicator steps={STEPS} current={index + 1} label="Steps" />

      {data.status === 'loading' && <p className="muted">Reading the methods…</p>}
      {data.status === 'error' && <ErrorNotice title="Could not read the break-glass methods" message={data.message} onRetry={reload} />}
      {data.status === 'ready' && step.kind === 'request' && (
        <RequestStep
          methods={data.value.methods}
          releases={data.value.releases}
          custodians={data.value.custodians}
          onWithdrawn={reload}
          resumeId={resumeId}
          onRequested={(release, method) => setStep({ kind: 'quorum', release, method })}
          onContinue={(release, method) => setStep({ kind: 'quorum', release, method })}
        />
      )}
      {step.kind === 'quorum' && (
        <QuorumStep
          operatorName={data.status === 'ready' ? (data.value.custodians.find((c) => c.custodianId === step.release.operator)?.name ?? step.release.operator) : step.release.operator}
          release={step.release}
          method={step.method}
          onGranted={(granted) => setStep({ kind: 'released', release: step.release, granted })}
          onCancel={() => {
            reload()
            setStep({ kind: 'request' })
          }}
        />
      )}
      {step.kind === 'released' && (
        <ReleasedCredential granted={step.granted} ticket={step.release.incidentTicket} onDone={() => setStep({ kind: 'done', release: step.release })} />
      )}
      {step.kind === 'done' && <DoneStep release={step.release} />}
    </>
  )
}

/** Each step's heading, focused when the step opens, and what the live region says then. */
const STEP_HEADINGS: Record<Step['kind'], { id: string; words: (ticket?: string) => string }> = {
  request: { id: 'request-heading', words: () => 'Step 1 of 3: request the release.' },
  quorum: { id: 'summary-heading', words: (ticket) => `Request ${ticket ?? ''} recorded. Step 2 of 3: the custodians present their sheets.` },
  released: { id: 'release-heading', words: () => 'Step 3 of 3: the credential is released.' },
  done: { id: 'done-heading', words: () => 'The credential is off the screen.' },
}

/** Moves focus to the new step's heading (never to the page body) and returns the announcement. */
function useStepFocus(kind: Step['kind'], ticket: string | undefined): string {
  const [said, setSaid] = useState('')
  const first = useRef(true)
  useEffect(() => {
    // The screen's h1 has focus when the screen opens; later steps take it.
    if (first.current) {
      first.current = false
      return
    }
    const target = STEP_HEADINGS[kind]
    const heading = document.getElementById(target.id)
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
      heading.focus()
    }
    setSaid(target.words(ticket))
  }, [kind, ticket])
  return said
}

function RequestStep(props: {
  methods: MethodView[]
  releases: ReleaseView[]
  custodians: Parameters<typeof RequestForm>[0]['custodians']
  onWithdrawn: () => void
  resumeId: string | undefined
  onRequested: (release: ReleaseView, method: MethodView) => void
  onContinue: (release: ReleaseView, method: MethodView) => void
}) {
  const { methods, releases, custodians, resumeId, onRequested, onContinue, onWithdrawn } = props
  const usable = methods.filter((m) => m.activeSetId)
  const waiting = releases.filter((r) => !r.granted && !r.withdrawn && usable.some((m) => m.methodId === r.methodId))
  const [withdrawing, setWithdrawing] = useState<ReleaseView>()
  const [withdrawn, setWithdrawn] = useState<ReleaseView>()
  const resumed = resumeId ? releases.find((r) => r.releaseId === resumeId) : undefined
  return (
    <>
      {resumeId && !resumed && <ErrorNotice title={`There is no release “${resumeId}”.`} message="Start a new request below." />}
      {resumed?.granted && (
        <div className="notice notice-warn" role="status">
          <p className="notice-title">
            Release {resumed.releaseId} was granted to {resumed.operator} on {formatDateTime(resumed.granted.time)}.
          </p>
          <p>
            The credential is shown once, at the release. Continue with <a href={routeHref('aftercare', resumed.releaseId)}>aftercare</a>,
            or start a new request for a new emergency.
          </p>
        </div>
      )}
      {withdrawn && (
        <div className="notice notice-ok" role="status">
          <p className="notice-title">
            Request {withdrawn.incidentTicket} was withdrawn and the withdrawal is in the logbook.
          </p>
        </div>
      )}
      {resumed?.withdrawn && (
        <div className="notice notice-warn" role="status">
          <p className="notice-title">
            Request {resumed.incidentTicket} was withdrawn on {formatDateTime(resumed.withdrawn.time)}: {resumed.withdrawn.reason}
          </p>
          <p>Record a new request below if the emergency is back.</p>
        </div>
      )}
      {withdrawing && (
        <WithdrawDialog
          release={withdrawing}
          onClose={() => setWithdrawing(undefined)}
          onWithdrawn={(release) => {
            setWithdrawing(undefined)
            setWithdrawn(release)
            onWithdrawn()
          }}
        />
      )}
      {waiting.length > 0 && (
        <section className="card" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">Requests waiting for a quorum</h2>
          <ul className="plain-list waiting-list">
            {waiting.map((release) => (
              <li key={release.releaseId}>
                <button type="button" className="row-button" onClick={() => onContinue(release, methods.find((m) => m.methodId === release.methodId)!)}>
                  Continue {release.incidentTicket}
                </button>{' '}
                <span className="muted">
                  for {release.operator}, requested {formatDateTime(release.requested.time)} by {release.requester.name}
                  {release.failedAttempts > 0 ? `; ${release.failedAttempts} failed ${release.failedAttempts === 1 ? 'attempt' : 'attempts'}` : ''}
                </span>{' '}
                <button type="button" className="button button-small" onClick={() => setWithdrawing(release)}>
                  Withdraw {release.incidentTicket}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card section-gap" aria-labelledby="request-heading">
        <h2 id="request-heading">Request the release</h2>
        {usable.length === 0 ? (
          <p className="empty">
            No break-glass method has an active set of sheets, so nothing can be released. <a href={routeHref('issuance')}>Issue sheets</a> first.
          </p>
        ) : (
          <>
            <p className="lead">
              The logbook records who asked, why and for whom; the custodians gather next.
            </p>
            <RequestForm methods={usable} releases={releases} custodians={custodians} onRequested={onRequested} />
          </>
        )}
      </section>
    </>
  )
}

/** Withdrawing a waiting request: the reason is logged, and the request can no longer be granted. */
function WithdrawDialog(props: { release: ReleaseView; onClose: () => void; onWithdrawn: (release: ReleaseView) => void }) {
  const { release, onClose, onWithdrawn } = props
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  return (
    <ModalDialog titleId="withdraw-heading" title={`Withdraw request ${release.incidentTicket}?`} onClose={onClose}>
      <form
        className="form"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault()
          setBusy(true)
          setError(undefined)
          try {
            onWithdrawn(await call('release.withdraw', { releaseId: release.releaseId, reason }))
          } catch (failure) {
            setError(messageOf(failure))
          } finally {
            setBusy(false)
          }
        }}
      >
        <p>Nobody will be able to release the credential for this request. The withdrawal and its reason go into the logbook.</p>
        <TextField
          id="withdraw-reason"
          label="Why is it withdrawn?"
          value={reason}
          onChange={(value) => {
            setReason(value)
            setError(undefined)
          }}
          error={error}
          maxLength={500}
          hint="E.g. the outage ended before the custodians arrived."
        />
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={busy}>
            {busy ? 'Withdrawing…' : 'Withdraw the request'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Keep it waiting
          </button>
        </div>
      </form>
    </ModalDialog>
  )
}

function QuorumStep(props: { release: ReleaseView; operatorName: string; method: MethodView; onGranted: (granted: ReleaseGranted) => void; onCancel: () => void }) {
  const { release, operatorName, method, onGranted, onCancel } = props
  const quorum = useQuorum(method.methodId, release.releaseId)
  const [refusal, setRefusal] = useState<{ title: string; message: string }>()
  return (
    <>
      <section className="card request-summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Request {release.incidentTicket}</h2>
        <dl className="facts">
          <dt>Method</dt>
          <dd>
            {method.name}, set <span className="mono">{groupSetId(method.activeSetId ?? '')}</span>
          </dd>
          <dt>Use case</dt>
          <dd>{release.useCase}</dd>
          <dt>Operator</dt>
          <dd>
            <strong>{operatorName}</strong> receives the credential
          </dd>
          <dt>Requested</dt>
          <dd>
            {formatDateTime(release.requested.time)} by {release.requester.name} ({release.requester.team}), logbook entry {release.requested.seq}
          </dd>
        </dl>
        <div className="form-actions section-gap">
          <button type="button" className="button button-small" onClick={onCancel}>
            Back to requests
          </button>
        </div>
      </section>
      <div className="section-gap">
        <QuorumPanel
          refusal={refusal}
          method={method}
          quorum={quorum}
          actionLabel={`Release to ${operatorName}`}
          busyLabel="Releasing…"
          actionHint={`The release is written to the logbook first; then the credential is shown to ${operatorName}.`}
          onSubmit={async (presentations) => {
            setRefusal(undefined)
            performance.mark(MARK_RELEASE_ASKED)
            try {
              onGranted(await call('release.grant', { releaseId: release.releaseId, presentations }))
            } catch (error) {
              const code = error instanceof UiError ? error.code : undefined
              setRefusal({
                title: code === 'LOG_WRITE_FAILED' ? 'Nothing was released: the logbook could not be written.' : 'Nothing was released.',
                message: messageOf(error),
              })
            }
          }}
        />
      </div>
    </>
  )
}

function DoneStep({ release }: { release: ReleaseView }) {
  return (
    <section className="card" aria-labelledby="done-heading">
      <h2 id="done-heading">The credential is off the screen</h2>
      <p>
        Release {release.releaseId} for {release.incidentTicket} stays in the logbook. Next: revoke the credential once the incident
        allows, rotate it and issue a new set of sheets, then the post-incident review.
      </p>
      <div className="form-actions">
        <a className="button button-primary" href={routeHref('aftercare', release.releaseId)}>
          Go to aftercare for {release.incidentTicket}
        </a>
      </div>
    </section>
  )
}
