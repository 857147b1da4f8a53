// Obligations: a pure function of the folded logbook and the clock. Each one disappears only
// when the log shows it met; periodic ones (drills, roster review, stale sheets) appear
// a fortnight before they fall due, so a vault with nothing pending shows nothing.
import type { CeremonyState, SheetRecord } from './ceremony-state'

export const OBLIGATION_KINDS = [
  'revoke',
  'rotate-reissue',
  'review',
  'destroy-retired-sheets',
  'drill',
  'roster-review',
  'reissue-after-custodian-left',
  'reissue-after-sheet-lost',
  'verify-stale-sheets',
] as const
export type ObligationKind = (typeof OBLIGATION_KINDS)[number]

export interface Obligation {
  /** Stable across calls: kind plus subject, so a UI can track one obligation over time. */
  id: string
  kind: ObligationKind
  title: string
  detail: string
  dueAt: string
  status: 'due' | 'overdue'
  methodId?: string
  setId?: string
  releaseId?: string
}

const DAY = 24 * 3600 * 1000
/** Periodic obligations show up this long before they fall due. */
export const PERIODIC_LEAD_DAYS = 14
export const ROSTER_REVIEW_DAYS = 90
export const STALE_SHEET_DAYS = 365
export const REISSUE_AFTER_CHANGE_DAYS = 14

export interface ObligationFacts {
  /** Release ids whose credential the log shows revoked by other evidence (AWS aftercare). */
  revokedElsewhere?: ReadonlySet<string>
  /** Release ids whose credential the log shows rotated by other evidence (AWS aftercare). */
  rotatedElsewhere?: ReadonlySet<string>
}

export function obligations(state: CeremonyState, now: Date, facts: ObligationFacts = {}): Obligation[] {
  const out: Obligation[] = []
  const at = now.getTime()
  const push = (o: Omit<Obligation, 'status'>, periodic = false) => {
    const due = new Date(o.dueAt).getTime()
    if (periodic && at < due - PERIODIC_LEAD_DAYS * DAY) return
    out.push({ ...o, status: at >= due ? 'overdue' : 'due' })
  }
  const iso = (ms: number) => new Date(ms).toISOString()

  for (const release of Object.values(state.releases)) {
    const granted = release.granted
    if (!granted) continue
    const method = state.methods[release.methodId]
    const subject = { releaseId: release.releaseId, methodId: release.methodId, setId: granted.setId }
    if (!release.revoked && !facts.revokedElsewhere?.has(release.releaseId)) {
      push({
        id: `revoke:${release.releaseId}`,
        kind: 'revoke',
        title: `Revoke the credential released for ${release.incidentTicket}`,
        detail: `${release.operator} received it at ${granted.time}. ` +
          'Deactivate or change it, then record the evidence.',
        dueAt: granted.revokeBy,
        ...subject,
      })
    }
    const rotated = release.rotated || facts.rotatedElsewhere?.has(release.releaseId)
    const reissued = Object.values(state.custody).some(
      (c) => c.methodId === release.methodId && c.activated && c.activated.seq > granted.seq,
    )
    if (!rotated || !reissued) {
      const missing = [!rotated && 'rotate the credential', !reissued && 'issue and activate a new set of sheets'].filter(Boolean)
      push({
        id: `rotate-reissue:${release.releaseId}`,
        kind: 'rotate-reissue',
        title: `Rotate and re-issue after ${release.incidentTicket}`,
        detail: `Still to do: ${missing.join(' and ')} for ${method?.name ?? release.methodId}.`,
        dueAt: granted.rotateBy,
        ...subject,
      })
    }
    if (!release.review) {
      push({
        id: `review:${release.releaseId}`,
        kind: 'review',
        title: `Post-incident review of ${release.incidentTicket}`,
        detail: 'Complete the review checklist.',
        dueAt: granted.reviewBy,
        ...subject,
      })
    }
  }

  for (const [setId, custody] of Object.entries(state.custody)) {
    const method = state.methods[custody.methodId]
    const live = (s: SheetRecord) => !s.destroyed && !s.lost
    if (custody.status === 'retired' && custody.retired) {
      const remaining = custody.sheets.filter(live)
      if (remaining.length > 0) {
        push({
          id: `destroy-retired-sheets:${setId}`,
          kind: 'destroy-retired-sheets',
          title: `Destroy the ${remaining.length} remaining sheet(s) of retired set ${setId}`,
          detail: `Held by ${holders(state, remaining)}. Record each destruction.`,
          dueAt: iso(new Date(custody.retired.time).getTime() + (method?.policy.destroyWithinDays ?? 14) * DAY),
          setId,
          methodId: custody.methodId,
        })
      }
      continue
    }
    if (custody.status !== 'active' || !custody.activated) continue

    const leftHolders = custody.sheets.filter((s) => live(s) && state.custodians[s.custodianId]?.retired)
    if (leftHolders.length > 0) {
      const firstLeft = Math.min(...leftHolders.map((s) => new Date(state.custodians[s.custodianId]!.retired!.time).getTime()))
      push({
        id: `reissue-after-custodian-left:${setId}`,
        kind: 'reissue-after-custodian-left',
        title: `Re-issue set ${setId}: a custodian who left still holds sheets`,
        detail: `${holders(state, leftHolders)} no longer ${leftHolders.length === 1 ? 'is a custodian' : 'are custodians'}. Issue a new set.`,
        dueAt: iso(firstLeft + REISSUE_AFTER_CHANGE_DAYS * DAY),
        setId,
        methodId: custody.methodId,
      })
    }
    const lost = custody.sheets.filter((s) => s.lost)
    if (lost.length > 0) {
      const firstLost = Math.min(...lost.map((s) => new Date(s.lost!.time).getTime()))
      push({
        id: `reissue-after-sheet-lost:${setId}`,
        kind: 'reissue-after-sheet-lost',
        title: `Re-issue set ${setId}: ${lost.length} sheet(s) lost`,
        detail: `Lost: ${lost.map((s) => `share ${s.index} copy ${s.copy}`).join(', ')}. Issue a new set and retire this one.`,
        dueAt: iso(firstLost + REISSUE_AFTER_CHANGE_DAYS * DAY),
        setId,
        methodId: custody.methodId,
      })
    }
    const drills = state.drills.filter((d) => d.methodId === custody.methodId && d.result === 'passed')
    const lastDrill = Math.max(new Date(custody.activated.time).getTime(), ...drills.map((d) => new Date(d.at.time).getTime()))
    push(
      {
        id: `drill:${custody.methodId}`,
        kind: 'drill',
        title: `Drill for ${method?.name ?? custody.methodId}`,
        detail: `Gather a quorum of custodians and verify set ${setId} without revealing the credential.`,
        dueAt: iso(lastDrill + (method?.policy.drillEveryDays ?? 90) * DAY),
        methodId: custody.methodId,
        setId,
      },
      true,
    )
    const stale = custody.sheets.filter((s) => live(s))
    const oldest = Math.min(...stale.map((s) => new Date(s.lastVerified ?? custody.activated!.time).getTime()))
    if (stale.length > 0) {
      const due = oldest + STALE_SHEET_DAYS * DAY
      const dueSheets = stale.filter((s) => new Date(s.lastVerified ?? custody.activated!.time).getTime() + STALE_SHEET_DAYS * DAY <= at + PERIODIC_LEAD_DAYS * DAY)
      if (dueSheets.length > 0) {
        push(
          {
            id: `verify-stale-sheets:${setId}`,
            kind: 'verify-stale-sheets',
            title: `Verify ${dueSheets.length} sheet(s) of set ${setId} not checked for a year`,
            detail: `${dueSheets.map((s) => `share ${s.index} copy ${s.copy} (${state.custodians[s.custodianId]?.name ?? s.custodianId})`).join(', ')}: have them presented in a drill.`,
            dueAt: iso(due),
            setId,
            methodId: custody.methodId,
          },
          true,
        )
      }
    }
  }

  const custodians = Object.values(state.custodians)
  if (custodians.length > 0) {
    const since = Math.max(
      Math.min(...custodians.map((c) => new Date(c.added.time).getTime())),
      ...state.rosterReviews.map((r) => new Date(r.time).getTime()),
    )
    push(
      {
        id: 'roster-review',
        kind: 'roster-review',
        title: 'Review the custodian roster',
        detail: 'Check that every custodian is still reachable and still the right person, and record the review.',
        dueAt: iso(since + ROSTER_REVIEW_DAYS * DAY),
      },
      true,
    )
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt))
}

function holders(state: CeremonyState, sheets: SheetRecord[]): string {
  const names = [...new Set(sheets.map((s) => state.custodians[s.custodianId]?.name ?? s.custodianId))]
  return names.join(', ')
}
