// Step 1: revoke the released credential. For an AWS access key: the AWS CLI commands and
// the evidence of what AWS answered (offline), or Custos calling IAM after an explicit
// connect (connected). For any other credential: free-text evidence of what was done.
import { useState } from 'react'
import { useAsync } from '../use-async'
import { formatDateTime } from '../format'
import { ErrorNotice } from '../components/error-notice'
import type { AftercareState, StepState } from './aftercare-model'
import { AwsEvidenceForm } from './aws-evidence-form'
import { ConnectAwsDialog } from './connect-aws-dialog'
import { EvidenceForm } from './evidence-form'
import { keyEvidence } from './key-evidence'
import { OfflineCommands } from './offline-commands'

interface RevokeStepProps {
  state: AftercareState
  step: StepState
  /** Bumped after every change, so the evidence read from the log is read again. */
  version: number
  onRecorded: (message: string) => void
}

export function RevokeStep(props: RevokeStepProps) {
  // The dialog sits outside the body, so it stays mounted (with its result) when the step turns done.
  const [connecting, setConnecting] = useState(false)
  return (
    <>
      <RevokeStepBody {...props} onConnect={() => setConnecting(true)} />
      {connecting && (
        <ConnectAwsDialog release={props.state.release} purpose="revoke" onClose={() => setConnecting(false)} onChanged={props.onRecorded} />
      )}
    </>
  )
}

function RevokeStepBody({ state, step, version, onRecorded, onConnect }: RevokeStepProps & { onConnect: () => void }) {
  const release = state.release
  const keyId = release.granted.accessKeyId
  const [evidence, reloadEvidence] = useAsync(() => (keyId ? keyEvidence(keyId) : Promise.resolve([])), [keyId, version])
  const deleted = evidence.status === 'ready' && evidence.value.some((e) => e.step === 'delete')
  const deactivated = evidence.status === 'ready' && evidence.value.some((e) => e.step === 'deactivate')

  const recorded = (
    <>
      {release.revoked && (
        <p>
          Recorded <time dateTime={release.revoked.time}>{formatDateTime(release.revoked.time)}</time> by {release.revoked.actor} (logbook entry{' '}
          {release.revoked.seq}): {release.revoked.evidence}
        </p>
      )}
      {evidence.status === 'error' && <ErrorNotice title="Could not read the AWS evidence from the logbook" message={evidence.message} onRetry={reloadEvidence} />}
      {evidence.status === 'ready' && evidence.value.length > 0 && (
        <ul className="plain-list evidence-list" aria-label="AWS evidence in the logbook">
          {evidence.value.map((e) => (
            <li key={e.seq}>
              <span className="muted">Entry {e.seq}:</span> {e.line}
            </li>
          ))}
        </ul>
      )}
    </>
  )

  if (step.done) {
    return (
      <>
        {recorded}
        {keyId && evidence.status === 'ready' && !deleted && (
          <div className="subsection">
            <h3 id="delete-key-heading">Delete the key for good</h3>
            <p className="hint">
              {keyId} can no longer be used. Once nothing broke while it was inactive, delete it (the second command below) and record it
              here.
            </p>
            <OfflineCommands releaseId={release.releaseId} purpose="revoke" heading="AWS CLI commands" headingId="revoke-done-commands-heading" />
            <AwsEvidenceForm releaseId={release.releaseId} accessKeyId={keyId} labelledBy="delete-key-heading" initialStep="delete" onRecorded={onRecorded} />
          </div>
        )}
      </>
    )
  }

  if (!keyId) {
    return (
      <>
        <p>
          {release.operator} received the credential <time dateTime={release.granted.time}>{formatDateTime(release.granted.time)}</time>. Change or disable it
          where it lives (for a root login: reset the password and the MFA device), then record what was done.
        </p>
        <h3 id="revoke-evidence-heading" className="visually-hidden">
          Record the revocation
        </h3>
        <EvidenceForm
          releaseId={release.releaseId}
          kind="revoked"
          labelledBy="revoke-evidence-heading"
          hint="What was done, by whom, and the reference that proves it (ticket, console event)."
          onRecorded={onRecorded}
        />
      </>
    )
  }

  return (
    <>
      <p>
        {release.operator} received access key <span className="mono">{keyId}</span>
        {release.granted.awsUserName && (
          <>
            {' '}
            of IAM user <span className="mono">{release.granted.awsUserName}</span>
          </>
        )}{' '}
        <time dateTime={release.granted.time}>{formatDateTime(release.granted.time)}</time>. Deactivate it now: that is reversible and stops every use
        of it. Delete it once nothing broke.
      </p>
      {recorded}
      <div className="path-choice">
        <div className="path path-offline">
          <OfflineCommands releaseId={release.releaseId} purpose="revoke" heading="Offline: run these AWS CLI commands" headingId="revoke-commands-heading" />
          <div className="subsection">
            <h3 id="revoke-aws-evidence-heading">Then record what AWS did</h3>
            <AwsEvidenceForm
              releaseId={release.releaseId}
              accessKeyId={keyId}
              labelledBy="revoke-aws-evidence-heading"
              initialStep={deactivated ? 'delete' : 'deactivate'}
              onRecorded={onRecorded}
            />
          </div>
          <details className="subsection">
            <summary>No AWS answer to quote? Record other evidence</summary>
            <h3 id="revoke-evidence-heading" className="visually-hidden">
              Record other evidence of the revocation
            </h3>
            <EvidenceForm
              releaseId={release.releaseId}
              kind="revoked"
              labelledBy="revoke-evidence-heading"
              hint="E.g. who deactivated the key in the console, when, and the CloudTrail event id."
              onRecorded={onRecorded}
            />
          </details>
        </div>
        <div className="path path-connected">
          <h3>Or let Custos call AWS IAM</h3>
          <p className="hint">Custos connects to AWS IAM for this step only, after you confirm, and records every call with its request id.</p>
          <button type="button" className="button" onClick={onConnect}>
            Connect to AWS IAM for this step…
          </button>
        </div>
      </div>
    </>
  )
}
