// The quorum panel shared by break glass and drills: custodians present their sheets by
// camera, as images or typed; every sheet gets live feedback from quorum.check and a
// presenter; the action (release or drill) enables once the backend says the quorum is met.
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { MethodView } from '../components/method-details'
import { ErrorNotice } from '../components/error-notice'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { groupSetId } from '../format'
import { CameraSource } from './camera-source'
import { ImageImport } from './image-import'
import { PresentedSheets } from './presented-sheets'
import { feedbackOf, progressText } from './sheet-feedback'
import { TypedEntry } from './typed-entry'
import type { Presentation, Quorum, QuorumCheckView } from './use-quorum'
import '../styles/quorum.css'

interface QuorumPanelProps {
  method: MethodView
  quorum: Quorum
  /** The button that uses the quorum, e.g. "Release to Olivia Operator". */
  actionLabel: string
  busyLabel: string
  /** Runs the release or the drill; a throw is the caller's to show. */
  onSubmit: (presentations: Presentation[]) => Promise<void>
  /** What the action does, shown under it. */
  actionHint?: ReactNode
  /** Extra controls beside the action (e.g. a drill note). */
  children?: ReactNode
  /** Why the last attempt was refused: shown beside the button, and focused, so it is never out of view. */
  refusal?: { title: string; message: string }
}

export function QuorumPanel({ method, quorum, actionLabel, busyLabel, onSubmit, actionHint, children, refusal }: QuorumPanelProps) {
  const refusalRef = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (refusal) refusalRef.current?.focus()
  }, [refusal])
  const [custodians] = useAsync(() => call('custodians.list', {}), [])
  const [busy, setBusy] = useState(false)
  const [lastKey, setLastKey] = useState<number>()
  const roster = custodians.status === 'ready' ? custodians.value.custodians : []
  const check = quorum.check
  const latest: QuorumCheckView | undefined = check.status === 'checked' ? check.value : check.status === 'checking' ? check.previous : undefined
  const threshold = latest?.threshold ?? method.policy.threshold
  const total = latest?.total ?? method.policy.total
  const setId = latest?.setId ?? method.activeSetId

  const add = (origin: 'camera' | 'image' | 'typed', source: string, payload: string) => {
    const { sheet } = quorum.add(origin, source, payload)
    setLastKey(sheet.key)
  }

  async function submit() {
    setBusy(true)
    try {
      await onSubmit(quorum.presentations())
    } finally {
      setBusy(false)
    }
  }

  const refused = quorum.sheets.filter((s) => quorum.checkOf(s)?.ok === false).length

  // What a screen reader hears after each sheet: that sheet's verdict, then the progress.
  const last = quorum.sheets.find((s) => s.key === lastKey)
  const lastVerdict = last && check.status === 'checked' ? quorum.checkOf(last) : undefined
  let ordinal = 0
  for (const s of quorum.sheets) {
    if (quorum.checkOf(s)?.ok) ordinal++
    if (s.key === lastKey) break
  }
  const announcement =
    last && lastVerdict
      ? `${feedbackOf(lastVerdict, latest, ordinal, roster.find((c) => c.custodianId === last.custodianId)?.name).text}. ${progressText(latest, quorum.sheets.length)}`
      : ''
  const cameraFeedback = last?.origin === 'camera' && lastVerdict ? feedbackOf(lastVerdict, latest, ordinal, roster.find((c) => c.custodianId === last.custodianId)?.name) : undefined

  return (
    <section className="card quorum-panel" aria-labelledby="quorum-heading">
      <h2 id="quorum-heading">Present the sheets</h2>
      <p className="quorum-intro">
        Any {threshold} of the {total} sheets of set {setId ? <span className="mono">{groupSetId(setId)}</span> : '(none active)'} of{' '}
        <strong>{method.name}</strong>. Each custodian presents their own sheet: by camera, as a scan or photo, or typed.
        Every sheet is checked as it arrives; nothing is logged until you press “{actionLabel}”.
      </p>

      <div className="two-col">
        <div className="quorum-source quorum-camera">
          <CameraSource
            onSheet={(payload) => add('camera', `Camera sheet ${quorum.sheets.filter((s) => s.origin === 'camera').length + 1}`, payload)}
            feedback={cameraFeedback}
            paused={busy || quorum.ready}
            pausedReason={busy ? 'Wait for the result.' : 'The quorum is met. Remove a sheet to scan another.'}
          />
        </div>
        <div className="stack">
          <section className="quorum-source" aria-labelledby="images-heading">
            <h3 id="images-heading">Images</h3>
            <ImageImport onSheet={(source, payload) => add('image', source, payload)} />
          </section>
          <section className="quorum-source" aria-labelledby="typed-heading">
            <h3 id="typed-heading">Type a sheet</h3>
            <TypedEntry onSheet={(payload) => add('typed', 'Typed sheet', payload)} />
          </section>
        </div>
      </div>

      <section className="quorum-sheets" aria-labelledby="presented-heading">
        <h3 id="presented-heading">Sheets presented</h3>
        {quorum.sheets.length > 0 && (
          <p className={`quorum-progress${quorum.ready ? ' quorum-progress-ready' : ''}`}>{progressText(latest, quorum.sheets.length)}</p>
        )}
        <div className="visually-hidden" role="status" aria-live="polite">
          {announcement}
        </div>
        {check.status === 'error' && <ErrorNotice title="The sheets could not be checked" message={check.message} />}
        {custodians.status === 'error' && <ErrorNotice title="Could not read the roster" message={custodians.message} />}
        {quorum.sheets.length === 0 ? (
          <p className="empty">No sheet yet. Hold a sheet up to the camera, import images, or type a sheet.</p>
        ) : (
          <PresentedSheets quorum={quorum} custodians={roster} latest={latest} disabled={busy} />
        )}
      </section>

      <div className="quorum-action">
        {refusal && (
          <div ref={refusalRef} tabIndex={-1} className="notice notice-error" role="alert">
            <p className="notice-title">{refusal.title}</p>
            <p>{refusal.message}</p>
          </div>
        )}
        {latest?.blocked && (
          <div className="notice notice-warn">
            <p className="notice-title">These sheets cannot release the credential yet.</p>
            <p>{latest.blocked.message}</p>
          </div>
        )}
        {children}
        <div className="form-actions">
          <button type="button" className="button button-primary button-large" disabled={!quorum.ready || busy} onClick={submit}>
            {busy ? busyLabel : actionLabel}
          </button>
        </div>
        <p className="hint">
          {quorum.ready
            ? actionHint
            : latest?.blocked
              ? 'Enabled once the sheets can be used: remove the one named above and let another custodian present theirs.'
              : `Enabled once ${threshold} valid sheets are presented, each by the custodian who holds it.`}
          {quorum.ready && refused > 0 &&
            ` ${refused === 1 ? 'The refused sheet is' : `The ${refused} refused sheets are`} recorded in the logbook as custody ${refused === 1 ? 'exception' : 'exceptions'}; remove any added by mistake.`}
        </p>
      </div>
    </section>
  )
}
