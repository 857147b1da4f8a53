// Where a release's aftercare stands, derived only from what the logbook says (the release,
// the sets of its method and the open obligations): each step done or not, its deadline,
// what it waits for, and which step comes next.
import type { OperationOutput } from '../../shared/api'

export type ReleaseView = OperationOutput<'releases.list'>['releases'][number]
export type GrantedRelease = ReleaseView & { granted: NonNullable<ReleaseView['granted']> }
export type SetView = OperationOutput<'sets.list'>['sets'][number]
export type SheetView = SetView['sheets'][number]
export type ObligationView = OperationOutput<'obligations.list'>['obligations'][number]

export const STEP_IDS = ['revoke', 'rotate', 'reissue', 'destroy', 'review'] as const
export type StepId = (typeof STEP_IDS)[number]

export const STEP_TITLES: Record<StepId, string> = {
  revoke: 'Revoke the released credential',
  rotate: 'Rotate the credential',
  reissue: 'Issue the new set of sheets',
  destroy: 'Destroy the old sheets',
  review: 'Post-incident review',
}

export interface StepState {
  id: StepId
  number: number
  title: string
  done: boolean
  /** The open obligation behind this step, with its deadline. */
  obligation?: ObligationView
  /** Why the step cannot start yet (an earlier step must happen first). */
  waitingFor?: string
}

export interface AftercareState {
  release: GrantedRelease
  steps: StepState[]
  /** The first step neither done nor waiting; undefined when all are done. */
  next?: StepState
  complete: boolean
  /** Sets of the release's method. */
  sets: SetView[]
  /** The set the credential was released from. */
  releasedSet?: SetView
  /** A set of the method activated after the release: the re-issue. */
  newSet?: SetView
  /** A set of the method being issued right now. */
  pendingSet?: SetView
  /** Retired sets of the method whose sheets are not all destroyed (or lost). */
  retiredWithSheets: SetView[]
}

/** What the release's aftercare screen gives each step's body. */
export interface StepBodyProps {
  state: AftercareState
  step: StepState
  /** Bumped after every change, so what a step reads from the log is read again. */
  version: number
  onRecorded: (message: string) => void
}

export const isGranted = (release: ReleaseView): release is GrantedRelease => release.granted !== undefined

/** A sheet still exists somewhere (neither destroyed nor reported lost). */
export const isLive = (sheet: SheetView) => !sheet.destroyed && !sheet.lost

export function aftercareState(release: GrantedRelease, obligations: ObligationView[], allSets: SetView[]): AftercareState {
  const granted = release.granted
  const sets = allSets.filter((s) => s.methodId === release.methodId)
  const open = (id: string) => obligations.find((o) => o.id === id)
  const revokeOpen = open(`revoke:${release.releaseId}`)
  const rotateOpen = open(`rotate-reissue:${release.releaseId}`)
  const reviewOpen = open(`review:${release.releaseId}`)

  const releasedSet = sets.find((s) => s.setId === granted.setId)
  const newSet = sets.find((s) => s.activated !== undefined && s.activated.seq > granted.seq)
  const pendingSet = sets.find((s) => s.status === 'pending')
  const retiredWithSheets = sets.filter((s) => s.status === 'retired' && s.sheets.some(isLive))
  // AWS rotation records the new key's set with its key id: that is rotation evidence too.
  const awsReplacement = sets.some(
    (s) => s.awsAccessKeyId !== undefined && s.awsAccessKeyId !== granted.accessKeyId && s.issued.seq > granted.seq,
  )

  const rotated = release.rotated !== undefined || rotateOpen === undefined || awsReplacement
  const reissued = newSet !== undefined
  const destroyed = releasedSet?.status === 'retired' && retiredWithSheets.length === 0
  const destroyObligation = retiredWithSheets.map((s) => open(`destroy-retired-sheets:${s.setId}`)).find(Boolean)

  const steps: StepState[] = [
    { id: 'revoke', done: revokeOpen === undefined, obligation: revokeOpen },
    { id: 'rotate', done: rotated, obligation: rotated ? undefined : rotateOpen },
    { id: 'reissue', done: reissued, obligation: reissued ? undefined : rotateOpen },
    {
      id: 'destroy',
      done: destroyed,
      obligation: destroyObligation,
      waitingFor:
        !destroyed && releasedSet?.status !== 'retired' && retiredWithSheets.length === 0
          ? 'The old set is retired when the new set is activated; then its sheets can be destroyed.'
          : undefined,
    },
    { id: 'review', done: release.reviewed !== undefined, obligation: reviewOpen },
  ].map((s, i) => ({ ...s, number: i + 1, title: STEP_TITLES[s.id as StepId] }) as StepState)

  const next = steps.find((s) => !s.done && !s.waitingFor)
  return {
    release,
    steps,
    next,
    complete: steps.every((s) => s.done),
    sets,
    releasedSet,
    newSet,
    pendingSet,
    retiredWithSheets,
  }
}

/** "due in 3 hours" / "overdue" wording is the screen's; this says how urgent a step is. */
export function urgencyOf(step: StepState): 'done' | 'overdue' | 'due' | 'waiting' | 'open' {
  if (step.done) return 'done'
  if (step.waitingFor) return 'waiting'
  if (step.obligation) return step.obligation.status
  return 'open'
}
