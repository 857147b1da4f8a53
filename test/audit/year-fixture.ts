// A vault with a year of ceremonies in its log, like test/ceremonies/year-scenario.test.ts but
// written straight to the logbook (seconds, not minutes) and with the long values that used to
// be cut: long custodian names, long tickets and notes, two copies of every sheet, drills that
// pass and fail, a release with its aftercare, a rotation to a new set, destruction of the old
// sheets, a lost sheet, custody exceptions, a withdrawn request and a plain `custos split`.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { VaultEvent } from '../../shared/events'
import { fixedClock } from '../../main/core/clock'
import { openLogbook, type Logbook } from '../../main/core/logbook'
import { initVault, type OpenVault } from '../../main/core/vault/vault-store'

export const YEAR_SET_A = 'V9QWDC1K'
export const YEAR_SET_B = '2QTNP9QV'
export const YEAR_PLAIN_SET = 'HX4R7M2B'

export const YEAR_CUSTODIANS = [
  ['max', 'Maximilian Alexander von Hohenberg-Castellanos', 'Site reliability engineering'],
  ['siobhan', 'Siobhán Ní Mhurchadha', 'Security operations'],
  ['minh', 'Nguyễn Thị Minh Khai', 'Platform'],
  ['olu', 'Oluwaseun Adébáyọ̀-Okonkwo', 'Finance IT'],
  ['bjorn', 'Björn Lindqvist', 'Security'],
  ['chloe', 'Chloé Dubois-Lefèvre', 'Payments platform'],
  ['dmitri', 'Dmitri Volkov', 'SRE'],
  ['eun-ji', 'Eun-ji Park', 'Networking'],
  ['aroha', 'Aroha Te Rangi Whakaari', 'Identity'],
  ['priya', 'Priya Venkataraghavan Subramaniam', 'Database reliability'],
] as const

export const YEAR_TICKETS = ['INC-2026-000481-PAYMENTS-EU-WEST-1', 'CHG-2026-07-SSO-OUTAGE-FOLLOWUP']

/** Notes and details as typed by people, long enough to need several lines in any table cell. */
export const YEAR_NOTES = [
  'Q1 drill: all three sheets read first time; Siobhán brought her sheet from the Dublin office safe and resealed it in bag TEB-4471 before leaving.',
  'Q2 drill failed: the sheet of share 4 would not scan (water damage along the left edge) and the typed groups had two unreadable characters; share 4 was re-issued in Q3.',
  'Sheet left in a rental car at Lisbon airport on 14 June; the rental company searched the car and found nothing. Set rotated as a precaution.',
  'Bag TEB-4471 arrived with a torn seal after the office move; the custodian opened it in front of the security lead, checked the sheet and resealed it.',
  'Roster reviewed with the security lead: Aroha moved to the Identity team but stays a custodian; every contact number called back and confirmed.',
  'Plain split made by a developer for a staging test in May; the three sheets were shredded at his desk, with nobody to witness it.',
]

export interface YearFixture {
  dir: string
  vault: OpenVault
  book: Logbook
  clock: ReturnType<typeof fixedClock>
}

const FP = (i: number) => `A${'0123456789ABCDEFGHJKMNPQRSTVWXYZ'[i % 32]}C4Q2M4XAK7Q2M4`.slice(0, 16)

export function makeYearVault(name = 'Payments production (AWS 1234-5678-9012, eu-west-1 and us-east-1)'): YearFixture {
  const dir = mkdtempSync(join(tmpdir(), 'custos-audit-year-'))
  const clock = fixedClock('2026-01-05T09:00:00Z')
  const vault = initVault(dir, name, clock)
  const book = openLogbook(dir, vault.key, { clock })
  const at = (iso: string, actor: string, event: VaultEvent) => {
    clock.set(iso)
    book.append(actor, event)
  }
  const ids = YEAR_CUSTODIANS.map(([id]) => id)
  at('2026-01-05T09:10:00Z', 'owner', {
    type: 'method.defined',
    methodId: 'aws-prod',
    name: 'AWS production break-glass access key for the payments organisation',
    scope: 'AWS 123456789012 production, eu-west-1 and us-east-1',
    ownerTeam: 'Cloud platform',
    useCases: ['Restore access after an SSO outage', 'Repair IAM after a lockout'],
    access: 'AdministratorAccess on the production account',
    policy: { threshold: 3, total: 5, copies: 2, revokeWithinHours: 1, rotateWithinHours: 24, reviewWithinDays: 5, destroyWithinDays: 14, drillEveryDays: 90, operatorMayPresent: false },
  })
  for (const [id, n, team] of YEAR_CUSTODIANS) {
    at('2026-01-05T09:20:00Z', 'owner', { type: 'custodian.added', custodianId: id, name: n, contact: `${id}@example.com, +44 20 7946 0${ids.indexOf(id)}00`, team })
  }
  const issue = (setId: string, when: string, supersedes?: string) => {
    at(when, 'owner', {
      type: 'set.issued', setId, threshold: 3, total: 5, label: 'aws-prod break-glass key', vaultFingerprint: vault.key.fingerprint, methodId: 'aws-prod',
      shareFingerprints: [0, 1, 2, 3, 4].map((i) => FP(i + (supersedes ? 5 : 0))),
    })
    const sheets = [1, 2, 3, 4, 5].flatMap((index) => [1, 2].map((copy) => ({ index, copy, custodianId: ids[(index - 1) * 2 + copy - 1]! })))
    at(when, 'owner', { type: 'sheets.assigned', setId, methodId: 'aws-prod', copies: 2, sheets })
    for (const s of sheets) at(when, 'owner', { type: 'sheet.handed-over', setId, index: s.index, copy: s.copy, custodianId: s.custodianId, bagSerial: `TEB-${setId.slice(0, 2)}${s.index}${s.copy}` })
    at(when, 'owner', { type: 'set.scan-verified', setId, seen: [1, 2, 3, 4, 5].map((index) => ({ index, sheets: 2 })), recombined: true })
    at(when, 'owner', { type: 'set.activated', setId, methodId: 'aws-prod', ...(supersedes ? { supersedes } : {}) })
  }
  issue(YEAR_SET_A, '2026-01-05T10:00:00Z')
  const drill = (drillId: string, when: string, result: 'passed' | 'failed', indexes: number[], note: string) =>
    at(when, 'owner', {
      type: 'drill.completed', drillId, methodId: 'aws-prod', setId: YEAR_SET_A, result,
      presented: indexes.map((index) => ({ index, custodianId: ids[(index - 1) * 2]!, shareFingerprint: FP(index - 1) })),
      note,
    })
  drill('drill-2026-q1', '2026-02-10T14:00:00Z', 'passed', [1, 2, 4], YEAR_NOTES[0]!)
  at('2026-03-02T08:00:00Z', 'owner', { type: 'sheet.bag-opened', setId: YEAR_SET_A, index: 2, copy: 1, serial: 'TEB-V921', reason: YEAR_NOTES[3]! })
  at('2026-03-02T08:10:00Z', 'owner', { type: 'sheet.bag-resealed', setId: YEAR_SET_A, index: 2, copy: 1, newSerial: 'TEB-4471' })
  at('2026-03-02T08:20:00Z', 'owner', { type: 'sheet.moved', setId: YEAR_SET_A, index: 3, copy: 1, fromCustodianId: 'olu', toCustodianId: 'aroha', bagSerial: 'TEB-V931' })
  at('2026-04-01T09:00:00Z', 'owner', { type: 'roster.reviewed', reviewer: 'Lee Tanaka-Whitfield', note: YEAR_NOTES[4]! })
  drill('drill-2026-q2', '2026-05-12T14:00:00Z', 'failed', [1, 4], YEAR_NOTES[1]!)
  // A plain split: no method, no custodians, never scanned back.
  at('2026-05-20T16:00:00Z', 'alex.dev', {
    type: 'set.issued', setId: YEAR_PLAIN_SET, threshold: 2, total: 3, label: 'staging db root (test)', vaultFingerprint: vault.key.fingerprint,
  })
  at('2026-06-14T20:00:00Z', 'owner', { type: 'sheet.lost', setId: YEAR_SET_A, index: 5, copy: 2, note: YEAR_NOTES[2]! })
  at('2026-07-03T02:40:00Z', 'sam.ops', {
    type: 'release.requested', releaseId: 'rel-2026-07-03', methodId: 'aws-prod', incidentTicket: YEAR_TICKETS[0]!,
    justification: 'Identity provider outage: nobody can assume a federated role; card payments in eu-west-1 fail because a KMS key policy must be fixed.',
    businessRisk: 'Card payments down in the EU; about 40,000 transactions an hour failing.',
    whyNotNormalAccess: 'SSO is down, so every federated role is unreachable.',
    requester: { name: 'Sam Okoro-Lindgren', team: 'Payments SRE', area: 'EU payments' },
    resourceOwner: { team: 'Cloud platform', contacts: 'cloud-oncall@example.com' },
    useCase: 'Restore access after an SSO outage', operator: 'Sam Okoro-Lindgren',
  })
  at('2026-07-03T02:52:00Z', 'sam.ops', {
    type: 'custody.exception', kind: 'presented-by-other-custodian', setId: YEAR_SET_A, index: 3, custodianId: 'aroha', during: 'rel-2026-07-03',
    detail: 'Sheet 3 was presented by Aroha Te Rangi Whakaari; the log shows it moved to her on 2 March, so it was accepted.',
  })
  at('2026-07-03T02:55:00Z', 'sam.ops', {
    type: 'release.granted', releaseId: 'rel-2026-07-03', setId: YEAR_SET_A, operator: 'Sam Okoro-Lindgren',
    presented: [
      { index: 1, custodianId: 'max', shareFingerprint: FP(0) },
      { index: 3, custodianId: 'aroha', shareFingerprint: FP(2) },
      { index: 4, custodianId: 'bjorn', shareFingerprint: FP(3) },
    ],
    revokeBy: '2026-07-03T03:55:00.000Z', rotateBy: '2026-07-04T02:55:00.000Z', reviewBy: '2026-07-08T02:55:00.000Z',
  })
  at('2026-07-03T03:36:00Z', 'sam.ops', { type: 'release.revoked', releaseId: 'rel-2026-07-03', evidence: 'Access key deactivated in IAM; CloudTrail event 3f2a9c.' })
  issue(YEAR_SET_B, '2026-07-04T06:00:00Z', YEAR_SET_A)
  at('2026-07-04T06:30:00Z', 'sam.ops', { type: 'release.rotated', releaseId: 'rel-2026-07-03', evidence: 'New access key issued in set 2QTN-P9QV; the old key deleted.' })
  for (const index of [1, 2, 3, 4, 5]) {
    for (const copy of [1, 2]) {
      if (index === 5 && copy === 2) continue // lost in June
      at('2026-07-10T10:00:00Z', 'owner', { type: 'sheet.destroyed', setId: YEAR_SET_A, index, copy, witness: 'Hannah Abernathy-Mwangi (security lead)' })
    }
  }
  at('2026-07-10T11:00:00Z', 'lee.audit', {
    type: 'review.completed', releaseId: 'rel-2026-07-03', reviewer: 'Lee Tanaka-Whitfield', justified: true, alternativesConsidered: true,
    revokedAndRotated: true, allActionsLogged: true,
    wentWell: 'Quorum gathered in 15 minutes at 3 a.m.', toImprove: 'Rotation finished past its deadline.',
    actionItems: ['Keep a spare printer with the vault laptop'],
  })
  at('2026-09-01T08:00:00Z', 'kim.ops', {
    type: 'release.requested', releaseId: 'rel-2026-09-01', methodId: 'aws-prod', incidentTicket: YEAR_TICKETS[1]!,
    justification: 'SSO certificate expired during a change window.', businessRisk: 'Deployments blocked.', whyNotNormalAccess: 'SSO down.',
    requester: { name: 'Kim Andersson', team: 'Platform', area: 'Global' },
    resourceOwner: { team: 'Cloud platform', contacts: 'cloud-oncall@example.com' },
    useCase: 'Restore access after an SSO outage', operator: 'Kim Andersson',
  })
  at('2026-09-01T08:20:00Z', 'kim.ops', { type: 'release.withdrawn', releaseId: 'rel-2026-09-01', reason: 'The certificate was renewed through the normal change process; no break-glass access was needed.' })
  at('2026-10-15T09:00:00Z', 'owner', { type: 'set.retired', setId: YEAR_PLAIN_SET, reason: 'abandoned', note: YEAR_NOTES[5]! })
  return { dir, vault, book, clock }
}
