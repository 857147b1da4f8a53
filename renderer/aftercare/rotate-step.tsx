// Step 2: rotate the credential. For an AWS access key: the AWS CLI commands then the
// rotation evidence (offline), or aws.rotate after an explicit connect, whose first visit
// starts the new key's set of sheets in the issuance wizard and whose second retires the
// old key. For any other credential: change it, then record the evidence.
import { groupSetId } from '../format'
import { routeHref } from '../use-route'
import type { StepBodyProps } from './aftercare-model'
import { ConnectableStep, EvidenceSection, OfflineOrConnected, RecordedEvidence } from './offline-or-connected'

type RotateStepProps = Omit<StepBodyProps, 'version'>

export function RotateStep(props: RotateStepProps) {
  return (
    <ConnectableStep release={props.state.release} purpose="rotate" onRecorded={props.onRecorded}>
      {(onConnect) => <RotateStepBody {...props} onConnect={onConnect} />}
    </ConnectableStep>
  )
}

function RotateStepBody({ state, step, onRecorded, onConnect }: RotateStepProps & { onConnect: () => void }) {
  const release = state.release
  const keyId = release.granted.accessKeyId
  const replacement = state.sets.find((s) => s.awsAccessKeyId && s.awsAccessKeyId !== keyId && s.issued.seq > release.granted.seq)

  if (step.done) {
    return (
      <>
        {release.rotated && <RecordedEvidence at={release.rotated} />}
        {!release.rotated && replacement && (
          <p>
            AWS IAM created the new key <span className="mono">{replacement.awsAccessKeyId}</span>, recorded with set {groupSetId(replacement.setId)}.
          </p>
        )}
      </>
    )
  }

  const pendingLink = state.pendingSet && (
    <p>
      Set {groupSetId(state.pendingSet.setId)} is being issued.{' '}
      <a href={routeHref('issuance', state.pendingSet.setId)}>Continue set {groupSetId(state.pendingSet.setId)} in the issuance wizard</a>
    </p>
  )

  if (!keyId) {
    return (
      <>
        <p>
          Replace the released credential with a new one (a new password and MFA device, a new secret), then issue the new one as a new set of
          sheets (next step) and record here what was changed.
        </p>
        {pendingLink}
        <EvidenceSection
          releaseId={release.releaseId}
          kind="rotated"
          heading="Record the rotation"
          hidden
          hint="What was changed, by whom, and the change ticket."
          onRecorded={onRecorded}
        />
      </>
    )
  }

  return (
    <>
      <p>
        Create a new access key for the break-glass user, prove it works, issue it as a new set of sheets, and retire the old key{' '}
        <span className="mono">{keyId}</span>.
      </p>
      {pendingLink}
      <OfflineOrConnected
        releaseId={release.releaseId}
        purpose="rotate"
        connectedHint="Custos creates and proves the new key and starts its set of sheets; after the set is active, come back here to retire the old key."
        onConnect={onConnect}
      >
        <div className="subsection">
          <h3 id="rotate-reissue-heading">Then issue the new key as a new set</h3>
          <p>
            Type the new key into the issuance wizard straight from the create-access-key answer (do not save that answer anywhere): it
            splits the key into a new set of sheets to print, scan back, hand over and activate.{' '}
            <a href={routeHref('issuance', ...(state.pendingSet ? [state.pendingSet.setId] : []))}>Open the issuance wizard</a>
          </p>
        </div>
        <div className="subsection">
          <EvidenceSection
            releaseId={release.releaseId}
            kind="rotated"
            heading="And record the rotation"
            hint="The new key id, who created it, the request id or change ticket."
            onRecorded={onRecorded}
          />
        </div>
      </OfflineOrConnected>
    </>
  )
}
