// Step 1: revoke the released credential. For an AWS access key: the AWS CLI commands and
// the evidence of what AWS answered (offline), or Custos calling IAM after an explicit
// connect (connected). For any other credential: free-text evidence of what was done.
import { useAsync } from '../use-async'
import { formatDateTime } from '../format'
import { ErrorNotice } from '../components/error-notice'
import type { StepBodyProps } from './aftercare-model'
import { AwsEvidenceForm } from './aws-evidence-form'
import { keyEvidence } from './key-evidence'
import { OfflineCommands } from './offline-commands'
import { ConnectableStep, EvidenceSection, OfflineOrConnected, RecordedEvidence } from './offline-or-connected'

export function RevokeStep(props: StepBodyProps) {
  return (
    <ConnectableStep release={props.state.release} purpose="revoke" onRecorded={props.onRecorded}>
      {(onConnect) => <RevokeStepBody {...props} onConnect={onConnect} />}
    </ConnectableStep>
  )
}

function RevokeStepBody({ state, step, version, onRecorded, onConnect }: StepBodyProps & { onConnect: () => void }) {
  const release = state.release
  const keyId = release.granted.accessKeyId
  const [evidence, reloadEvidence] = useAsync(() => (keyId ? keyEvidence(keyId) : Promise.resolve([])), [keyId, version])
  const deleted = evidence.status === 'ready' && evidence.value.some((e) => e.step === 'delete')
  const deactivated = evidence.status === 'ready' && evidence.value.some((e) => e.step === 'deactivate')

  const recorded = (
    <>
      {release.revoked && <RecordedEvidence at={release.revoked} />}
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
        <EvidenceSection
          releaseId={release.releaseId}
          kind="revoked"
          heading="Record the revocation"
          hidden
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
      <OfflineOrConnected
        releaseId={release.releaseId}
        purpose="revoke"
        connectedHint="Custos connects to AWS IAM for this step only, after you confirm, and records every call with its request id."
        onConnect={onConnect}
      >
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
          <EvidenceSection
            releaseId={release.releaseId}
            kind="revoked"
            heading="Record other evidence of the revocation"
            hidden
            hint="E.g. who deactivated the key in the console, when, and the CloudTrail event id."
            onRecorded={onRecorded}
          />
        </details>
      </OfflineOrConnected>
    </>
  )
}
