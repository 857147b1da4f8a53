// One release's aftercare (#/aftercare/REL-ID): the five steps in order, each done or not
// as the logbook says, folded to one line of status except the next one, which is open and
// marked. Every record made here re-reads the log, so the page always shows the log's view.
import { useEffect, useRef, useState } from 'react'
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { ScreenHeading } from '../components/screen-heading'
import { ErrorNotice } from '../components/error-notice'
import { aftercareState, isGranted, isLive, type AftercareState, type StepBodyProps, type StepId, type StepState } from './aftercare-model'
import { DestroySheets } from './destroy-sheets'
import { ReissueStep } from './reissue-step'
import { ReviewForm } from './review-form'
import { RevokeStep } from './revoke-step'
import { RotateStep } from './rotate-step'
import { StepSection, stepHeadingId, stepSectionId } from './step-section'
import { useAftercareData } from './use-aftercare-data'
import { call, messageOf } from '../custos-client'
import { TextField } from '../components/form-field'
import { DisclosureSection, focusDisclosure } from '../components/disclosure-section'

export function ReleaseAftercare({ releaseId }: { releaseId: string }) {
  const [version, setVersion] = useState(0)
  const [data, reload] = useAftercareData(version)
  const [notice, setNotice] = useState<{ text: string; id: number }>()
  const recorded = (text: string) => {
    setNotice({ text, id: Date.now() })
    setVersion((v) => v + 1)
  }
  // Which steps the person opened or folded; a step they did not touch is open only while it is next.
  const [opened, setOpened] = useState<Partial<Record<StepId, boolean>>>({})
  // The next step as last shown (undefined until the release is read), to notice when it moves on.
  const [shownNext, setShownNext] = useState<{ id?: StepId }>()

  if (data.status === 'loading') {
    return (
      <>
        <ScreenHeading title="Aftercare" />
        <p className="muted">Reading the release from the logbook…</p>
      </>
    )
  }
  if (data.status === 'error') {
    return (
      <>
        <ScreenHeading title="Aftercare" />
        <ErrorNotice title="Could not read the release" message={data.message} onRetry={reload} />
      </>
    )
  }
  const release = data.value.releases.find((r) => r.releaseId === releaseId)
  if (!release || !isGranted(release)) {
    return (
      <>
        <ScreenHeading title="Aftercare" />
        <ErrorNotice
          title={release ? `Release ${releaseId} was not granted` : `There is no release ${releaseId}`}
          message={
            release
              ? 'A release needs aftercare only once the credential was handed over. Continue it under Break glass, or open another release.'
              : 'The logbook has no release with this id. Choose one from the list of releases.'
          }
        />
        <p className="section-gap">
          <a href={routeHref('aftercare')}>All releases</a>
        </p>
      </>
    )
  }
  const state = aftercareState(release, data.value.obligations, data.value.sets)
  const method = data.value.methods.find((m) => m.methodId === release.methodId)
  const nextId = state.next?.id
  if (!shownNext || shownNext.id !== nextId) {
    // A step just met stays open where the person was working (the revoke step still offers
    // the deletion); the new next step opens because it is next.
    const met = shownNext?.id
    setShownNext({ id: nextId })
    if (met) setOpened((o) => ({ [met]: true, ...o }))
  }
  const isOpen = (step: StepState) => opened[step.id] ?? step.id === nextId
  const setOpen = (step: StepState, open: boolean) => setOpened((o) => ({ ...o, [step.id]: open }))
  const goTo = (step: StepState) => {
    setOpen(step, true)
    focusDisclosure(stepSectionId(step))
  }
  return (
    <>
      <ScreenHeading title={`Aftercare: ${release.incidentTicket}`}>
        <a className="button" href={routeHref('aftercare')}>
          All releases
        </a>
      </ScreenHeading>
      <p className="lead">
        {method?.name ?? release.methodId}, released to {release.operator} <time dateTime={release.granted.time}>{formatDateTime(release.granted.time)}</time>.
        A step is done once the logbook records it; the next one is open below, the others folded to one line.
      </p>
      <ReleaseFacts state={state} />
      <VerificationCard release={state.release} onRecorded={recorded} />
      <Progress state={state} onGoTo={goTo} />
      <RecordedNotice notice={notice} next={state.next} complete={state.complete} />
      <div className="stack section-gap">
        {state.steps.map((step) => (
          <StepSection key={step.id} step={step} isNext={nextId === step.id} now={data.value.now} open={isOpen(step)} onOpenChange={(open) => setOpen(step, open)}>
            <StepBody state={state} step={step} version={version} onRecorded={recorded} />
          </StepSection>
        ))}
      </div>
    </>
  )
}

function StepBody({ state, step, version, onRecorded }: StepBodyProps) {
  switch (step.id) {
    case 'revoke':
      return <RevokeStep state={state} step={step} version={version} onRecorded={onRecorded} />
    case 'rotate':
      return <RotateStep state={state} step={step} onRecorded={onRecorded} />
    case 'reissue':
      return <ReissueStep state={state} step={step} />
    case 'destroy':
      if (step.done) {
        const old = state.sets.filter((s) => s.status === 'retired')
        return (
          <p>
            Every sheet of {old.map((s) => `set ${groupSetId(s.setId)}`).join(', ') || 'the old set'} is destroyed or reported lost; none can be presented
            again.
          </p>
        )
      }
      if (step.waitingFor) return <p className="muted">{step.waitingFor}</p>
      return <DestroySheets sets={state.retiredWithSheets} onRecorded={onRecorded} />
    case 'review':
      if (state.release.reviewed) {
        return (
          <p>
            Completed by {state.release.reviewed.reviewer} <time dateTime={state.release.reviewed.time}>{formatDateTime(state.release.reviewed.time)}</time>{' '}
            (logbook entry {state.release.reviewed.seq}).
          </p>
        )
      }
      return (
        <>
          {state.steps.some((s) => s.id !== 'review' && !s.done) && (
            <p className="hint">You can review now, or once the other steps are done; the checklist shows what the logbook says so far.</p>
          )}
          <ReviewForm state={state} labelledBy={stepHeadingId(step)} onRecorded={onRecorded} />
        </>
      )
  }
}

/** Who verified the request, with whom and how (seed 000 §2): given with the request, or recorded here. */
function VerificationCard({ release, onRecorded }: { release: AftercareState['release']; onRecorded: (text: string) => void }) {
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  // Open until recorded: one field, and the operator often comes here to complete it.
  const [open, setOpen] = useState(true)
  const given = release.verified?.verification ?? release.verification
  if (given) {
    return (
      <p className="section-gap">
        <strong>Request verified:</strong> {given}
      </p>
    )
  }
  return (
    <DisclosureSection
      id="verification"
      title="Who verified the request"
      className="section-gap"
      status={<span className="status status-neutral">Not recorded yet</span>}
      open={open}
      onOpenChange={setOpen}
    >
      <form
        className="form form-inline"
        noValidate
        onSubmit={async (event) => {
          event.preventDefault()
          setBusy(true)
          setError(undefined)
          try {
            await call('release.recordVerification', { releaseId: release.releaseId, verification: text })
            onRecorded('The verification is in the logbook.')
          } catch (failure) {
            setError(messageOf(failure))
          } finally {
            setBusy(false)
          }
        }}
      >
        <TextField
          id="verification-text"
          label="Verified with"
          value={text}
          onChange={(value) => {
            setText(value)
            setError(undefined)
          }}
          error={error}
          maxLength={500}
          hint="Not given with the request: who verified it, with whom and how."
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Recording…' : 'Record the verification'}
          </button>
        </div>
      </form>
    </DisclosureSection>
  )
}

function ReleaseFacts({ state }: { state: AftercareState }) {
  const { release, releasedSet } = state
  const live = releasedSet?.sheets.filter(isLive).length
  return (
    <details className="card release-facts">
      <summary>About this release</summary>
      <dl className="facts section-gap">
        <dt>Incident</dt>
        <dd>{release.incidentTicket}</dd>
        <dt>Use case</dt>
        <dd>{release.useCase}</dd>
        <dt>Requested by</dt>
        <dd>
          {release.requester.name} ({release.requester.team}, {release.requester.area})
        </dd>
        <dt>Operator</dt>
        <dd>{release.operator}</dd>
        <dt>Released</dt>
        <dd>
          <time dateTime={release.granted.time}>{formatDateTime(release.granted.time)}</time>, logbook entry {release.granted.seq}
        </dd>
        <dt>From set</dt>
        <dd>
          <span className="mono">{groupSetId(release.granted.setId)}</span>
          {releasedSet && ` (${releasedSet.status}${live !== undefined ? `, ${live} sheet${live === 1 ? '' : 's'} not destroyed` : ''})`}
        </dd>
        {release.granted.accessKeyId && (
          <>
            <dt>Access key</dt>
            <dd className="mono">
              {release.granted.accessKeyId}
              {release.granted.awsUserName && ` (IAM user ${release.granted.awsUserName})`}
            </dd>
          </>
        )}
      </dl>
    </details>
  )
}

function Progress({ state, onGoTo }: { state: AftercareState; onGoTo: (step: StepState) => void }) {
  if (state.complete) {
    return (
      <div className="notice notice-ok section-gap" role="status">
        <p className="notice-title">Aftercare of {state.release.incidentTicket} is complete.</p>
        <p>
          Revoked, rotated, re-issued, the old sheets destroyed and the review recorded: nothing is left open. <a href={routeHref('audit')}>Export the audit PDF</a>{' '}
          for the incident record.
        </p>
      </div>
    )
  }
  const next = state.next
  return (
    <nav className="card section-gap aftercare-progress" aria-label="Aftercare steps">
      <ol className="progress-list">
        {state.steps.map((step) => (
          <li key={step.id} className={step.done ? 'progress-done' : next?.id === step.id ? 'progress-next' : undefined} aria-current={next?.id === step.id ? 'step' : undefined}>
            <button type="button" className="progress-link" onClick={() => onGoTo(step)}>
              <span className="step-badge" aria-hidden="true">
                {step.done ? '✓' : step.number}
              </span>
              {step.title}
              <span className="visually-hidden">{step.done ? ' (done)' : next?.id === step.id ? ' (next step)' : step.waitingFor ? ' (waiting)' : ' (to do)'}</span>
            </button>
          </li>
        ))}
      </ol>
      {next && (
        <p className="progress-next-line">
          <strong>Next:</strong> {next.number}. {next.title}.
        </p>
      )}
    </nav>
  )
}

function RecordedNotice({ notice, next, complete }: { notice?: { text: string; id: number }; next?: StepState; complete: boolean }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // Focus follows a record so keyboard users hear it, unless a dialog still holds focus.
    if (notice && !document.querySelector('dialog[open]')) ref.current?.focus()
  }, [notice])
  return (
    <div aria-live="polite">
      {notice && (
        <div ref={ref} key={notice.id} className="notice notice-ok section-gap" role="status" tabIndex={-1}>
          <p className="notice-title">{notice.text}</p>
          <p>{complete ? 'Every step is done.' : next ? `Next: ${next.number}. ${next.title}.` : 'The remaining steps wait for an earlier one.'}</p>
        </div>
      )}
    </div>
  )
}
