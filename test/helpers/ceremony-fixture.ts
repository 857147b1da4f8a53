// A real vault in a temp dir with a method, a roster and an active 2-of-3 set, built
// through the ceremony services (share texts stand in for scanned sheets).
import { fixedClock } from '../../main/core/clock'
import { openCeremonyContext, type CeremonyContext } from '../../main/core/ceremonies/ceremony-context'
import { addCustodian } from '../../main/core/ceremonies/custodians'
import { activateSet, recordHandover, recordScanBack, startIssuance } from '../../main/core/ceremonies/issuance'
import { defineMethod } from '../../main/core/ceremonies/methods'
import type { SheetPresentation } from '../../main/core/ceremonies/quorum'
import { initVault } from '../../main/core/vault/vault-store'
import type { CredentialBundle } from '../../shared/bundle'
import type { MethodPolicy } from '../../shared/ceremony-events'
import { makeTempDir } from './temp-dir'

export const FIXTURE_BUNDLE: Extract<CredentialBundle, { kind: 'aws-root-login' }> = {
  kind: 'aws-root-login',
  account: '123456789012',
  password: 'fixture root password',
  totpSeed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
}

export interface CeremonyFixture {
  ctx: CeremonyContext
  clock: ReturnType<typeof fixedClock>
  setId: string
  /** payload of each sheet by holder: alice 1.1, bob 2.1, carol 3.1, dave 1.2, erin 2.2, frank 3.2 */
  sheetOf: Map<string, { index: number; payload: string }>
  present(...holders: [custodianId: string, sheetHolder?: string][]): SheetPresentation[]
  issueNewSet(bundle?: CredentialBundle, holders?: string[]): { setId: string; sheetOf: Map<string, { index: number; payload: string }> }
  cleanup(): void
}

export function ceremonyFixture(policy: Partial<MethodPolicy> = {}): CeremonyFixture {
  const tmp = makeTempDir('custos-ceremony-')
  const clock = fixedClock('2026-02-01T09:00:00Z')
  initVault(tmp.path, 'Fixture vault', clock)
  const ctx = openCeremonyContext(tmp.path, clock, 'tester')
  defineMethod(ctx, {
    methodId: 'root',
    name: 'AWS root login',
    scope: 'AWS 123456789012',
    ownerTeam: 'Cloud',
    useCases: ['Account recovery'],
    access: 'root user',
    policy: { threshold: 2, total: 3, copies: 2, ...policy },
  })
  for (const name of ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Olivia']) {
    addCustodian(ctx, { name, contact: `${name.toLowerCase()}@example.com`, team: 'Ops' })
  }
  const issueNewSet = (bundle: CredentialBundle = FIXTURE_BUNDLE, order = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) => {
    const assignments = order.map((custodianId, i) => ({ index: (i % 3) + 1, copy: Math.floor(i / 3) + 1, custodianId }))
    const issued = startIssuance(ctx, { methodId: 'root', bundle, assignments })
    const setId = issued.header.setId
    for (const s of issued.sheets) recordHandover(ctx, { setId, index: s.index, copy: s.copy, custodianId: s.custodianId, bagSerial: `BAG-${s.custodianId}` })
    recordScanBack(ctx, {
      setId,
      ok: true,
      sheets: [],
      seen: [1, 2, 3].map((index) => ({ index, copies: 2, sources: [] })),
      missingIndexes: [],
      recombines: true,
      problems: [],
    })
    activateSet(ctx, setId)
    return { setId, sheetOf: new Map(issued.sheets.map((s) => [s.custodianId, { index: s.index, payload: s.payload }])) }
  }
  const first = issueNewSet()
  const fixture: CeremonyFixture = {
    ctx,
    clock,
    setId: first.setId,
    sheetOf: first.sheetOf,
    present: (...holders) =>
      holders.map(([custodianId, sheetHolder]) => ({
        custodianId,
        input: { source: `sheet of ${sheetHolder ?? custodianId}`, payload: fixture.sheetOf.get(sheetHolder ?? custodianId)!.payload },
      })),
    issueNewSet,
    cleanup: () => {
      ctx.close()
      tmp.cleanup()
    },
  }
  return fixture
}
