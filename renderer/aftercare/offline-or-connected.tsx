// What the revoke and rotate steps share: the connect dialog kept outside the step's body,
// the evidence already recorded, a free-text evidence form under its heading, and the two
// paths side by side (the AWS CLI commands offline, or Custos calling IAM after a connect).
import { useState, type ReactNode } from 'react'
import { formatDateTime } from '../format'
import type { GrantedRelease } from './aftercare-model'
import { ConnectAwsDialog } from './connect-aws-dialog'
import { EvidenceForm } from './evidence-form'
import { OfflineCommands } from './offline-commands'
import { useActorWords } from '../computer-account'

type Purpose = 'revoke' | 'rotate'

interface ConnectableStepProps {
  release: GrantedRelease
  purpose: Purpose
  onRecorded: (message: string) => void
  /** The step's body, given what opens the connect dialog. */
  children: (onConnect: () => void) => ReactNode
}

export function ConnectableStep({ release, purpose, onRecorded, children }: ConnectableStepProps) {
  // The dialog sits outside the body, so it stays mounted (with its result) when the step turns done.
  const [connecting, setConnecting] = useState(false)
  return (
    <>
      {children(() => setConnecting(true))}
      {connecting && <ConnectAwsDialog release={release} purpose={purpose} onClose={() => setConnecting(false)} onChanged={onRecorded} />}
    </>
  )
}

/** The evidence the logbook holds for the step: when, by whom, in which entry, and what was said. */
export function RecordedEvidence({ at }: { at: { time: string; actor: string; seq: number; evidence: string } }) {
  const actorWords = useActorWords()
  return (
    <p>
      Recorded <time dateTime={at.time}>{formatDateTime(at.time)}</time> by {actorWords(at.actor)} (logbook entry {at.seq}): {at.evidence}
    </p>
  )
}

interface EvidenceSectionProps {
  releaseId: string
  kind: 'revoked' | 'rotated'
  /** The heading that names the form; hidden where the text around already says it. */
  heading: string
  hidden?: boolean
  hint: string
  onRecorded: (message: string) => void
}

/** Free-text evidence under its heading (one per step, so the heading's id is the step's). */
export function EvidenceSection({ releaseId, kind, heading, hidden, hint, onRecorded }: EvidenceSectionProps) {
  const headingId = `${kind === 'revoked' ? 'revoke' : 'rotate'}-evidence-heading`
  return (
    <>
      <h3 id={headingId} className={hidden ? 'visually-hidden' : undefined}>
        {heading}
      </h3>
      <EvidenceForm releaseId={releaseId} kind={kind} labelledBy={headingId} hint={hint} onRecorded={onRecorded} />
    </>
  )
}

interface OfflineOrConnectedProps {
  releaseId: string
  purpose: Purpose
  /** What follows the commands on the offline path (recording what was done). */
  children: ReactNode
  /** What connecting does for this step. */
  connectedHint: string
  onConnect: () => void
}

export function OfflineOrConnected({ releaseId, purpose, children, connectedHint, onConnect }: OfflineOrConnectedProps) {
  return (
    <div className="path-choice">
      <div className="path path-offline">
        <OfflineCommands releaseId={releaseId} purpose={purpose} heading="Offline: run these AWS CLI commands" headingId={`${purpose}-commands-heading`} />
        {children}
      </div>
      <div className="path path-connected">
        <h3>Or let Custos call AWS IAM</h3>
        <p className="hint">{connectedHint}</p>
        <button type="button" className="button" onClick={onConnect}>
          Connect to AWS IAM for this step…
        </button>
      </div>
    </div>
  )
}
