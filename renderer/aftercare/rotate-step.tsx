// Step 2: rotate the credential. For an AWS access key: the AWS CLI commands then the
// rotation evidence (offline), or aws.rotate after an explicit connect, whose first visit
// starts the new key's set of sheets in the issuance wizard and whose second retires the
// old key. For any other credential: change it, then record the evidence.
import { useState } from 'react'
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import type { AftercareState, StepState } from './aftercare-model'
import { ConnectAwsDialog } from './connect-aws-dialog'
import { EvidenceForm } from './evidence-form'
import { OfflineCommands } from './offline-commands'

interface RotateStepProps {
  state: AftercareState
  step: StepState
  onRecorded: (message: string) => void
}

export function RotateStep(props: RotateStepProps) {
  // The dialog sits outside the body, so it stays mounted (with its result) when the step turns done.
  const [connecting, setConnecting] = useState(false)
  return (
    <>
      <RotateStepBody {...props} onConnect={() => setConnecting(true)} />
      {connecting && (
        <ConnectAwsDialog release={props.state.release} purpose="rotate" onClose={() => setConnecting(false)} onChanged={props.onRecorded} />
      )}
    </>
  )
}

function RotateStepBody({ state, step, onRecorded, onConnect }: RotateStepProps & { onConnect: () => void }) {
  const release = state.release
  const keyId = release.granted.accessKeyId
  const replacement = state.sets.find((s) => s.awsAccessKeyId && s.awsAccessKeyId !== keyId && s.issued.seq > release.granted.seq)

  if (step.done) {
    return (
      <>
        {release.rotated && (
          <p>
            Recorded <time dateTime={release.rotated.time}>{formatDateTime(release.rotated.time)}</time> by {release.rotated.actor} (logbook entry{' '}
            {release.rotated.seq}): {release.rotated.evidence}
          </p>
        )}
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
        <h3 id="rotate-evidence-heading" className="visually-hidden">
          Record the rotation
        </h3>
        <EvidenceForm
          releaseId={release.releaseId}
          kind="rotated"
          labelledBy="rotate-evidence-heading"
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
      <div className="path-choice">
        <div className="path path-offline">
          <OfflineCommands releaseId={release.releaseId} purpose="rotate" heading="Offline: run these AWS CLI commands" headingId="rotate-commands-heading" />
          <div className="subsection">
            <h3 id="rotate-reissue-heading">Then issue the new key as a new set</h3>
            <p>
              Type the new key into the issuance wizard straight from the create-access-key answer (do not save that answer anywhere): it
              splits the key into a new set of sheets to print, scan back, hand over and activate.{' '}
              <a href={routeHref('issuance', ...(state.pendingSet ? [state.pendingSet.setId] : []))}>Open the issuance wizard</a>
            </p>
          </div>
          <div className="subsection">
            <h3 id="rotate-evidence-heading">And record the rotation</h3>
            <EvidenceForm
              releaseId={release.releaseId}
              kind="rotated"
              labelledBy="rotate-evidence-heading"
              hint="The new key id, who created it, the request id or change ticket."
              onRecorded={onRecorded}
            />
          </div>
        </div>
        <div className="path path-connected">
          <h3>Or let Custos call AWS IAM</h3>
          <p className="hint">
            Custos creates and proves the new key and starts its set of sheets; after the set is active, come back here to retire the old key.
          </p>
          <button type="button" className="button" onClick={onConnect}>
            Connect to AWS IAM for this step…
          </button>
        </div>
      </div>
    </>
  )
}
