// The ceremonies' part of the vault state, folded from the logbook: methods, custodians,
// sheets and who holds them, releases, drills, reviews and custody exceptions. Pure.
import type { z } from 'zod'
import type {
  ReleaseGrantedEvent,
  CustodyExceptionEvent,
  MethodPolicy,
  Presentation,
  ReleaseRequestedEvent,
  ReviewCompletedEvent,
  ScriptStepDoneEvent,
} from '../../../shared/ceremony-events'
import { CEREMONY_EVENT_SCHEMAS } from '../../../shared/ceremony-events'
import { assertNever } from '../../../shared/errors'

export type CeremonyEvent = z.infer<(typeof CEREMONY_EVENT_SCHEMAS)[number]>

export interface At {
  seq: number
  time: string
  actor: string
}

export interface MethodRecord {
  methodId: string
  name: string
  scope: string
  ownerTeam: string
  ownerContacts?: string
  useCases: string[]
  access: string
  policy: MethodPolicy
  defined: At
  activeSetId?: string
  /** A set issued for this method and not yet activated or abandoned. */
  pendingSetId?: string
}

export interface CustodianRecord {
  custodianId: string
  name: string
  contact: string
  team: string
  added: At
  retired?: At & { reason: string }
}

export interface SheetRecord {
  setId: string
  index: number
  copy: number
  custodianId: string
  bagSerial?: string
  handedOver?: At
  bagOpen?: At & { serial: string }
  lost?: At
  destroyed?: At
  /** Last time this sheet was scanned back, presented in a drill or in a release and checked. */
  lastVerified?: string
}

export type SetStatus = 'pending' | 'active' | 'retired'

export interface SetCustody {
  methodId: string
  copies: number
  status: SetStatus
  sheets: SheetRecord[]
  scanVerified?: At
  activated?: At
  retired?: At & { reason: string }
}

export interface ReleaseRecord extends Omit<z.infer<typeof ReleaseRequestedEvent>, 'type'> {
  requested: At
  granted?: At & {
    setId: string
    presented: z.infer<typeof Presentation>[]
    accessKeyId?: string
    awsUserName?: string
    /** Recovered outside the vault (custos recover) and recorded from its receipt. */
    recoveredOutside?: z.infer<typeof ReleaseGrantedEvent>['recoveredOutside']
    revokeBy: string
    rotateBy: string
    reviewBy: string
  }
  failedAttempts: number
  withdrawn?: At & { reason: string }
  /** Verification recorded after the request (the request's own field stays as asked). */
  verified?: At & { verification: string }
  revoked?: At & { evidence: string }
  rotated?: At & { evidence: string }
  review?: At & Omit<z.infer<typeof ReviewCompletedEvent>, 'type' | 'releaseId'>
}

export interface DrillRecord {
  drillId: string
  methodId: string
  setId: string
  result: 'passed' | 'failed'
  presented: z.infer<typeof Presentation>[]
  note?: string
  at: At
}

export type ExceptionRecord = Omit<z.infer<typeof CustodyExceptionEvent>, 'type'> & { at: At }

export interface CeremonyState {
  methods: Record<string, MethodRecord>
  custodians: Record<string, CustodianRecord>
  /** Custody of each set issued through a ceremony, by set id. */
  custody: Record<string, SetCustody>
  releases: Record<string, ReleaseRecord>
  drills: DrillRecord[]
  exceptions: ExceptionRecord[]
  rosterReviews: (At & { reviewer: string })[]
  /** Steps of printed ceremony scripts recorded as done, in log order. */
  scriptSteps: (At & Omit<z.infer<typeof ScriptStepDoneEvent>, 'type'>)[]
}

export function emptyCeremonyState(): CeremonyState {
  return { methods: {}, custodians: {}, custody: {}, releases: {}, drills: [], exceptions: [], rosterReviews: [], scriptSteps: [] }
}

export function findSheet(state: CeremonyState, setId: string, index: number, copy: number): SheetRecord | undefined {
  return state.custody[setId]?.sheets.find((s) => s.index === index && s.copy === copy)
}

function markVerified(state: CeremonyState, setId: string, presented: { index: number; custodianId: string }[], time: string): void {
  for (const p of presented) {
    const sheet = state.custody[setId]?.sheets.find((s) => s.index === p.index && s.custodianId === p.custodianId && !s.destroyed && !s.lost)
    if (sheet) sheet.lastVerified = time
  }
}

/** Applies one ceremony event (mutates the draft state being folded). */
export function applyCeremonyEvent(state: CeremonyState, event: CeremonyEvent, at: At): void {
  switch (event.type) {
    case 'method.defined': {
      const { type: _t, ...method } = event
      state.methods[event.methodId] = { ...method, defined: at }
      return
    }
    case 'method.updated': {
      const method = state.methods[event.methodId]
      if (!method) return
      const { type: _t, methodId: _m, ...changes } = event
      Object.assign(method, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)))
      return
    }
    case 'custodian.added': {
      const { type: _t, ...custodian } = event
      state.custodians[event.custodianId] = { ...custodian, added: at }
      return
    }
    case 'custodian.updated': {
      const custodian = state.custodians[event.custodianId]
      if (!custodian) return
      const { type: _t, custodianId: _c, ...changes } = event
      Object.assign(custodian, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)))
      return
    }
    case 'custodian.retired': {
      const custodian = state.custodians[event.custodianId]
      if (custodian) custodian.retired = { ...at, reason: event.reason }
      return
    }
    case 'roster.reviewed':
      state.rosterReviews.push({ ...at, reviewer: event.reviewer })
      return
    case 'sheets.assigned': {
      state.custody[event.setId] = {
        methodId: event.methodId,
        copies: event.copies,
        status: 'pending',
        sheets: event.sheets.map((s) => ({ setId: event.setId, ...s })),
      }
      const method = state.methods[event.methodId]
      if (method) method.pendingSetId = event.setId
      return
    }
    case 'sheet.handed-over': {
      const sheet = findSheet(state, event.setId, event.index, event.copy)
      if (sheet) Object.assign(sheet, { custodianId: event.custodianId, bagSerial: event.bagSerial, handedOver: at })
      return
    }
    case 'set.scan-verified': {
      const custody = state.custody[event.setId]
      if (!custody) return
      custody.scanVerified = at
      for (const sheet of custody.sheets) sheet.lastVerified = at.time
      return
    }
    case 'set.activated': {
      const custody = state.custody[event.setId]
      if (custody) Object.assign(custody, { status: 'active', activated: at })
      if (event.supersedes) retire(state, event.supersedes, 'superseded', at)
      const method = state.methods[event.methodId]
      if (method) {
        method.activeSetId = event.setId
        if (method.pendingSetId === event.setId) delete method.pendingSetId
      }
      return
    }
    case 'set.retired':
      retire(state, event.setId, event.reason, at)
      return
    case 'sheet.bag-opened': {
      const sheet = findSheet(state, event.setId, event.index, event.copy)
      if (sheet) sheet.bagOpen = { ...at, serial: event.serial }
      return
    }
    case 'sheet.bag-resealed': {
      const sheet = findSheet(state, event.setId, event.index, event.copy)
      if (sheet) {
        delete sheet.bagOpen
        sheet.bagSerial = event.newSerial
      }
      return
    }
    case 'sheet.moved': {
      const sheet = findSheet(state, event.setId, event.index, event.copy)
      if (sheet) Object.assign(sheet, { custodianId: event.toCustodianId, bagSerial: event.bagSerial })
      return
    }
    case 'sheet.lost': {
      const sheet = findSheet(state, event.setId, event.index, event.copy)
      if (sheet) sheet.lost = at
      return
    }
    case 'sheet.destroyed': {
      const sheet = findSheet(state, event.setId, event.index, event.copy)
      if (sheet) sheet.destroyed = at
      return
    }
    case 'custody.exception': {
      const { type: _t, ...exception } = event
      state.exceptions.push({ ...exception, at })
      return
    }
    case 'release.requested': {
      const { type: _t, ...request } = event
      state.releases[event.releaseId] = { ...request, requested: at, failedAttempts: 0 }
      return
    }
    case 'release.withdrawn': {
      const release = state.releases[event.releaseId]
      if (release) release.withdrawn = { ...at, reason: event.reason }
      return
    }
    case 'release.verified': {
      const release = state.releases[event.releaseId]
      if (release) release.verified = { ...at, verification: event.verification }
      return
    }
    case 'release.granted': {
      const release = state.releases[event.releaseId]
      if (release) {
        release.granted = {
          ...at,
          setId: event.setId,
          presented: event.presented,
          ...(event.accessKeyId ? { accessKeyId: event.accessKeyId } : {}),
          ...(event.awsUserName ? { awsUserName: event.awsUserName } : {}),
          revokeBy: event.revokeBy,
          rotateBy: event.rotateBy,
          reviewBy: event.reviewBy,
          ...(event.recoveredOutside ? { recoveredOutside: event.recoveredOutside } : {}),
        }
      }
      markVerified(state, event.setId, event.presented, at.time)
      return
    }
    case 'quorum.failed': {
      const release = state.releases[event.during]
      if (release) release.failedAttempts++
      return
    }
    case 'release.revoked': {
      const release = state.releases[event.releaseId]
      if (release) release.revoked = { ...at, evidence: event.evidence }
      return
    }
    case 'release.rotated': {
      const release = state.releases[event.releaseId]
      if (release) release.rotated = { ...at, evidence: event.evidence }
      return
    }
    case 'drill.completed': {
      const { type: _t, ...drill } = event
      state.drills.push({ ...drill, at })
      if (event.result === 'passed') markVerified(state, event.setId, event.presented, at.time)
      return
    }
    case 'review.completed': {
      const release = state.releases[event.releaseId]
      const { type: _t, releaseId: _r, ...review } = event
      if (release) release.review = { ...at, ...review }
      return
    }
    case 'script.step-done': {
      const { type: _t, ...step } = event
      state.scriptSteps.push({ ...at, ...step })
      return
    }
    default:
      return assertNever(event, 'ceremony event')
  }
}

function retire(state: CeremonyState, setId: string, reason: string, at: At): void {
  const custody = state.custody[setId]
  if (!custody) return
  custody.status = 'retired'
  custody.retired = { ...at, reason }
  const method = state.methods[custody.methodId]
  if (method?.activeSetId === setId) delete method.activeSetId
  if (method?.pendingSetId === setId) delete method.pendingSetId
}
