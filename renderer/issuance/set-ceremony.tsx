// Steps 4 to 7 for one set (#/issuance/SETID): print, scan back, hand over, activate. The
// step follows from what the logbook says of the set (scanned back? every sheet handed
// over? active?), so a set being issued resumes where it stood, whoever started it.
import { useRef, useState } from 'react'
import type { OperationOutput } from '../../shared/api'
import { call } from '../custos-client'
import { useAsync } from '../use-async'
import { formatDateTime, groupSetId } from '../format'
import { routeHref } from '../use-route'
import { ErrorNotice } from '../components/error-notice'
import { AbandonDialog } from './abandon-dialog'
import { ActivateStep, IssuanceDone } from './activate-step'
import { HandoverStep } from './handover-step'
import { forgetIssuance, recallIssuance } from './issuance-memory'
import { PrintStep } from './print-step'
import { ScanBackStep } from './scan-back-step'
import type { PreviewSheet } from './sheet-preview'
import { useArrivalFocus } from './step-section'
import { useActorWords } from '../computer-account'

type SetView = OperationOutput<'sets.list'>['sets'][number]
type Phase = 'print' | 'scan' | 'handover' | 'activate'

const normalize = (setId: string) => setId.replace(/[\s-]+/g, '').toUpperCase()

/**
 * Where a set stands by the logbook; a pending set not yet scanned back starts at printing.
 * Once every sheet is handed over the person moves on with "Next" (or lands there on resuming).
 */
function phaseOf(set: SetView, wanted?: Phase): Phase {
  if (!set.scanVerified) return wanted === 'scan' ? 'scan' : 'print'
  const allHanded = set.sheets.every((s) => s.handedOver)
  return allHanded && wanted === 'activate' ? 'activate' : 'handover'
}

export function SetCeremony({ setId: given }: { setId: string }) {
  const actorWords = useActorWords()
  const setId = normalize(given)
  const [data, reload] = useAsync(async () => {
    const [{ sets }, { methods }] = await Promise.all([call('sets.list', {}), call('methods.list', {})])
    return { sets, methods }
  }, [setId])
  const [override, setOverride] = useState<SetView>()
  const [wanted, setWanted] = useState<Phase>()
  const [abandoning, setAbandoning] = useState(false)
  /** Where the set stood when the screen opened: a set fully handed over resumes at activation. */
  const arrival = useRef<Phase | null>(null)

  if (data.status === 'loading') return <p className="muted">Reading set {groupSetId(setId)}…</p>
  if (data.status === 'error') return <ErrorNotice title={`Could not read set ${groupSetId(setId)}`} message={data.message} onRetry={reload} />
  const found = data.value.sets.find((s) => s.setId === setId)
  const set = override?.setId === setId ? override : found
  if (!set) {
    return (
      <div className="notice notice-error" role="alert">
        <p className="notice-title">There is no set {groupSetId(setId)} in this vault.</p>
        <p>
          Check the set id printed on the sheets. <a href={routeHref('issuance')}>Issue a new set</a>
        </p>
      </div>
    )
  }
  const method = data.value.methods.find((m) => m.methodId === set.methodId)
  const methodName = method?.name ?? set.methodId
  const retiredBy = (s: SetView) => s.status === 'retired' && s.retired && set.activated && s.retired.seq >= set.activated.seq && s.methodId === set.methodId
  const show = (next: SetView) => {
    setOverride(next)
    if (next.status !== 'pending') forgetIssuance(next.setId)
  }

  if (set.status === 'active') {
    const retired = data.value.sets.find((s) => s.setId !== set.setId && retiredBy(s))
    return <IssuanceDone set={set} methodName={methodName} retired={retired} />
  }
  if (set.status === 'retired') return <RetiredSet set={set} methodName={methodName} />

  const started = recallIssuance(setId)
  const sheets: PreviewSheet[] = set.sheets.map((s) => {
    const known = started?.sheets.find((t) => t.index === s.index && t.copy === s.copy)
    return { index: s.index, copy: s.copy, custodianName: s.custodianName, payload: known?.payload, typedLines: known?.typedLines }
  })
  const previous = data.value.sets.find((s) => s.methodId === set.methodId && s.status === 'active')
  arrival.current ??= set.scanVerified && set.sheets.every((s) => s.handedOver) ? 'activate' : 'print'
  const phase = phaseOf(set, wanted ?? arrival.current)
  const actions = (
    <button type="button" className="button button-small" onClick={() => setAbandoning(true)}>
      Abandon this set…
    </button>
  )

  return (
    <>
      <p className="issuance-context">
        <span className="status status-neutral">Being issued</span> Set <span className="mono">{groupSetId(set.setId)}</span> for{' '}
        <strong>{methodName}</strong>
        {set.label ? ` (“${set.label}”)` : ''}, started {formatDateTime(set.issued.time)} by {actorWords(set.issued.actor)}.
      </p>
      {phase === 'print' && <PrintStep key="print" set={set} sheets={sheets} onNext={() => setWanted('scan')} actions={actions} />}
      {phase === 'scan' && (
        <ScanBackStep
          key="scan"
          set={set}
          onBack={() => setWanted('print')}
          onVerified={async () => {
            // The logbook now records the scan-back: read the set again before moving on.
            const { sets } = await call('sets.list', { methodId: set.methodId })
            const next = sets.find((s) => s.setId === setId)
            if (next) show(next)
            setWanted('handover')
          }}
          actions={actions}
        />
      )}
      {phase === 'handover' && <HandoverStep key="handover" set={set} onChange={show} onNext={() => setWanted('activate')} actions={actions} />}
      {phase === 'activate' && (
        <ActivateStep
          key="activate"
          set={set}
          methodName={methodName}
          previous={previous}
          onActivated={(next) => {
            show(next)
            // The previous set is now retired: read it again for the end state.
            reload()
          }}
          actions={actions}
        />
      )}
      {abandoning && (
        <AbandonDialog
          set={set}
          onClose={() => setAbandoning(false)}
          onAbandoned={(next) => {
            setAbandoning(false)
            show(next)
          }}
        />
      )}
    </>
  )
}

function RetiredSet({ set, methodName }: { set: SetView; methodName: string }) {
  const heading = useArrivalFocus<HTMLHeadingElement>()
  const abandoned = !set.activated
  return (
    <section className="card issuance-card" aria-labelledby="retired-set-heading">
      <h2 id="retired-set-heading" ref={heading} tabIndex={-1}>
        Set {groupSetId(set.setId)} is {abandoned ? 'abandoned' : 'retired'}
      </h2>
      <div className={`notice ${abandoned ? 'notice-warn' : 'notice-ok'}`} role="status">
        <p className="notice-title">
          {abandoned ? `Set ${groupSetId(set.setId)} of ${methodName} was abandoned before it became active.` : `Set ${groupSetId(set.setId)} of ${methodName} is retired.`}
        </p>
        {set.retired && (
          <p>
            {formatDateTime(set.retired.time)}, logbook entry {set.retired.seq}: {set.retired.reason}.
          </p>
        )}
        <p>Its sheets open nothing: shred any that were printed, and delete a saved PDF.</p>
      </div>
      <p className="section-gap">
        <a className="button button-primary" href={routeHref('issuance', 'new')}>
          Issue a new set
        </a>
      </p>
    </section>
  )
}
