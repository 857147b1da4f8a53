// A vault with a year's worth of ceremonies in its log (method, custodians, a 3-of-5 set,
// hand-overs, a drill, a release with its review, custody changes), for audit export tests.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { VaultEvent } from '../../shared/events'
import { fixedClock } from '../../main/core/clock'
import { openLogbook, type Logbook } from '../../main/core/logbook'
import { initVault, type OpenVault } from '../../main/core/vault/vault-store'

export const SET_A = 'K7Q2M4XA'
export const SET_B = 'M4XAK7Q2'
const FP = (i: number) => `A${'0123456789ABCDEF'.slice(i, i + 1)}C4Q2M4XAK7Q2M4`.slice(0, 16)

export interface AuditFixture {
  dir: string
  vault: OpenVault
  book: Logbook
  clock: ReturnType<typeof fixedClock>
}

export function makeAuditVault(name = 'Payments prod (AWS 1234-5678-9012)'): AuditFixture {
  const dir = mkdtempSync(join(tmpdir(), 'custos-audit-'))
  const clock = fixedClock('2026-01-05T09:00:00Z')
  const vault = initVault(dir, name, clock)
  const book = openLogbook(dir, vault.key, { clock })
  const at = (iso: string, actor: string, event: VaultEvent) => {
    clock.set(iso)
    book.append(actor, event)
  }
  const custodians = [
    ['amara', 'Amara Okafor', 'SRE'],
    ['bjorn', 'Björn Lindqvist', 'Security'],
    ['chloe', 'Chloé Dubois', 'Platform'],
    ['dmitri', 'Dmitri Volkov', 'SRE'],
    ['eun-ji', 'Eun-ji Park', 'Finance IT'],
  ] as const
  at('2026-01-05T09:10:00Z', 'owner', {
    type: 'method.defined',
    methodId: 'aws-root',
    name: 'AWS root, payments',
    scope: 'AWS 123456789012 production',
    ownerTeam: 'Payments platform',
    useCases: ['Restore IAM access after an identity-provider outage', 'Unlock a locked-out organisation account'],
    access: 'root user of the payments production account',
    policy: { threshold: 3, total: 5, copies: 2, revokeWithinHours: 1, rotateWithinHours: 24, reviewWithinDays: 5, destroyWithinDays: 14, drillEveryDays: 90, operatorMayPresent: false },
  })
  for (const [id, n, team] of custodians) {
    at('2026-01-05T09:20:00Z', 'owner', { type: 'custodian.added', custodianId: id, name: n, contact: `${id}@example.com, +44 20 7946 0000`, team })
  }
  at('2026-01-05T10:00:00Z', 'owner', {
    type: 'set.issued', setId: SET_A, threshold: 3, total: 5, label: 'payments-root', vaultFingerprint: vault.key.fingerprint, methodId: 'aws-root',
    shareFingerprints: [0, 1, 2, 3, 4].map(FP),
  })
  at('2026-01-05T10:01:00Z', 'owner', {
    type: 'sheets.assigned', setId: SET_A, methodId: 'aws-root', copies: 1,
    sheets: custodians.map(([id], i) => ({ index: i + 1, copy: 1, custodianId: id })),
  })
  custodians.forEach(([id], i) => at('2026-01-05T10:05:00Z', 'owner', { type: 'sheet.handed-over', setId: SET_A, index: i + 1, copy: 1, custodianId: id, bagSerial: `TEB-10${i}` }))
  at('2026-01-05T10:20:00Z', 'owner', { type: 'set.scan-verified', setId: SET_A, seen: [1, 2, 3, 4, 5].map((index) => ({ index, sheets: 1 })), recombined: true })
  at('2026-01-05T10:21:00Z', 'owner', { type: 'set.activated', setId: SET_A, methodId: 'aws-root' })
  at('2026-02-10T14:00:00Z', 'owner', {
    type: 'drill.completed', drillId: 'drill-2026-q1', methodId: 'aws-root', setId: SET_A, result: 'passed',
    presented: [1, 2, 4].map((index) => ({ index, custodianId: custodians[index - 1]![0], shareFingerprint: FP(index - 1) })),
    note: 'Quarterly drill, all three sheets read first time',
  })
  at('2026-03-02T08:00:00Z', 'owner', { type: 'sheet.moved', setId: SET_A, index: 3, copy: 1, fromCustodianId: 'chloe', toCustodianId: 'dmitri', bagSerial: 'TEB-102' })
  at('2026-04-14T03:12:00Z', 'dana.ops', {
    type: 'release.requested', releaseId: 'rel-2026-04-14', methodId: 'aws-root', incidentTicket: 'INC-4821',
    justification: 'Okta outage: nobody can assume the break-glass IAM role; payments API is failing over and needs the KMS key policy fixed.',
    businessRisk: 'Card payments down in EU; about 40,000 transactions an hour failing.',
    whyNotNormalAccess: 'SSO is down, so every federated role is unreachable; the IAM users were removed in 2025.',
    requester: { name: 'Dana Kowalski', team: 'Payments SRE', area: 'EU payments' },
    resourceOwner: { team: 'Payments platform', contacts: 'payments-oncall@example.com' },
    useCase: 'Restore IAM access after an identity-provider outage', operator: 'Dana Kowalski',
  })
  at('2026-04-14T03:20:00Z', 'dana.ops', {
    type: 'custody.exception', kind: 'presented-by-other-custodian', setId: SET_A, index: 3, custodianId: 'dmitri', during: 'rel-2026-04-14',
    detail: 'Sheet 3 was presented by Dmitri Volkov; the log shows it moved to him on 2 March, so it was accepted.',
  })
  at('2026-04-14T03:24:00Z', 'dana.ops', {
    type: 'release.granted', releaseId: 'rel-2026-04-14', setId: SET_A, operator: 'Dana Kowalski',
    presented: [1, 3, 5].map((index) => ({ index, custodianId: index === 3 ? 'dmitri' : custodians[index - 1]![0], shareFingerprint: FP(index - 1) })),
    revokeBy: '2026-04-14T04:24:00.000Z', rotateBy: '2026-04-15T03:24:00.000Z', reviewBy: '2026-04-19T03:24:00.000Z',
  })
  at('2026-04-14T04:05:00Z', 'dana.ops', { type: 'release.revoked', releaseId: 'rel-2026-04-14', evidence: 'Root access key AKIA…7QX deactivated; CloudTrail event id 3f2a.' })
  at('2026-04-15T06:40:00Z', 'dana.ops', { type: 'release.rotated', releaseId: 'rel-2026-04-14', evidence: 'Root password and MFA reset; new set issued.' })
  at('2026-04-17T11:00:00Z', 'lee.audit', {
    type: 'review.completed', releaseId: 'rel-2026-04-14', reviewer: 'Lee Tanaka', justified: true, alternativesConsidered: true,
    revokedAndRotated: true, allActionsLogged: true,
    wentWell: 'Quorum gathered in 12 minutes at 3 a.m.; runbook steps were clear.',
    toImprove: 'Rotation finished 3 hours past its deadline: the new sheets could not be printed until office hours.',
    actionItems: ['Keep a spare printer with the vault laptop', 'Add a second operator to the on-call rota'],
  })
  return { dir, vault, book, clock }
}
