// Obligations as a pure function of the logbook and the clock: each appears when the log
// creates it, turns overdue at its deadline, and disappears only when the log shows it met.
import { afterEach, describe, expect, it } from 'vitest'
import { stateOf } from '../../main/core/ceremonies/ceremony-context'
import { retireCustodian, reviewRoster } from '../../main/core/ceremonies/custodians'
import { recordSheetDestroyed, recordSheetLost } from '../../main/core/ceremonies/custody'
import { runDrill } from '../../main/core/ceremonies/drill'
import { grantRelease, recordRevoked, requestRelease } from '../../main/core/ceremonies/release'
import { vaultObligations } from '../../main/core/ceremonies/vault-obligations'
import { ceremonyFixture, FIXTURE_BUNDLE, type CeremonyFixture } from '../helpers/ceremony-fixture'
import { releaseRequest } from '../helpers/release-request'

let fx: CeremonyFixture
afterEach(() => fx?.cleanup())
const DAY = 24 * 3600 * 1000
const at = (iso: string) => vaultObligations(stateOf(fx.ctx), new Date(iso)).map((o) => `${o.kind}:${o.status}`)

describe('obligations', () => {
  it('a fresh vault with an active set owes nothing until the drill and roster review come near', () => {
    fx = ceremonyFixture()
    expect(at('2026-02-01T10:00:00Z')).toEqual([])
    // Activated 2026-02-01: drill due 2026-05-02, roster review 2026-05-02; shown 14 days before.
    expect(at('2026-04-17T00:00:00Z')).toEqual([])
    expect(at('2026-04-20T00:00:00Z')).toEqual(['drill:due', 'roster-review:due'])
    expect(at('2026-05-03T00:00:00Z')).toEqual(['drill:overdue', 'roster-review:overdue'])
  })

  it('a passed drill and a roster review push the next ones out by their interval', () => {
    fx = ceremonyFixture()
    fx.clock.set('2026-04-25T10:00:00Z')
    expect(runDrill(fx.ctx, 'root', fx.present(['alice'], ['erin'])).result).toBe('passed')
    reviewRoster(fx.ctx, 'Security')
    expect(at('2026-04-25T11:00:00Z')).toEqual([])
    expect(at('2026-07-20T00:00:00Z')).toEqual(['drill:due', 'roster-review:due'])
  })

  it('a failed drill does not count as a drill', () => {
    fx = ceremonyFixture()
    fx.clock.set('2026-04-25T10:00:00Z')
    expect(runDrill(fx.ctx, 'root', fx.present(['alice'])).result).toBe('failed')
    expect(at('2026-04-25T11:00:00Z')).toContain('drill:due')
  })

  it('a custodian who leaves holding a sheet, or a lost sheet, calls for a new set', () => {
    fx = ceremonyFixture()
    fx.clock.set('2026-02-10T10:00:00Z')
    retireCustodian(fx.ctx, 'carol', 'left the company')
    recordSheetLost(fx.ctx, { setId: fx.setId, index: 2, copy: 2 }, 'fell out of the safe during the move')
    expect(at('2026-02-11T00:00:00Z')).toEqual(['reissue-after-custodian-left:due', 'reissue-after-sheet-lost:due'])
    expect(at('2026-02-25T00:00:00Z')).toEqual(['reissue-after-custodian-left:overdue', 'reissue-after-sheet-lost:overdue'])
    fx.clock.set('2026-02-20T10:00:00Z')
    const next = fx.issueNewSet(FIXTURE_BUNDLE, ['alice', 'bob', 'olivia', 'dave', 'erin', 'frank'])
    // The new set excludes nobody by accident: carol's old sheet is now just a retired sheet to destroy.
    expect(at('2026-02-20T11:00:00Z')).toEqual(['destroy-retired-sheets:due'])
    for (const s of stateOf(fx.ctx).custody[fx.setId]!.sheets.filter((x) => !x.lost)) {
      recordSheetDestroyed(fx.ctx, { setId: fx.setId, index: s.index, copy: s.copy }, 'Security')
    }
    expect(at('2026-02-20T12:00:00Z')).toEqual([])
    expect(next.setId).not.toBe(fx.setId)
  })

  it('sheets not verified for a year show up for verification', () => {
    fx = ceremonyFixture()
    for (const when of ['2026-04-25', '2026-07-20', '2026-10-15', '2027-01-10']) {
      fx.clock.set(`${when}T10:00:00Z`)
      runDrill(fx.ctx, 'root', fx.present(['alice'], ['bob']))
      reviewRoster(fx.ctx, 'Security')
    }
    // carol, dave, erin and frank never presented: their sheets date from scan-back on 2026-02-01.
    const list = vaultObligations(stateOf(fx.ctx), new Date('2027-01-20T00:00:00Z'))
    const stale = list.find((o) => o.kind === 'verify-stale-sheets')!
    expect(stale.status).toBe('due')
    expect(stale.detail).toMatch(/share 3 copy 1 \(Carol\)/)
    expect(stale.detail).not.toMatch(/Alice|Bob\)/)
  })

  it('a release creates revoke, rotate-and-reissue and review deadlines from the method policy', () => {
    fx = ceremonyFixture({ revokeWithinHours: 2, rotateWithinHours: 48, reviewWithinDays: 3 })
    fx.clock.set('2026-02-02T03:00:00Z')
    const { releaseId } = requestRelease(fx.ctx, releaseRequest({ methodId: 'root', useCase: 'Account recovery', incidentTicket: 'INC-9', operator: 'olivia' }))
    grantRelease(fx.ctx, releaseId, fx.present(['alice'], ['bob']))
    const list = vaultObligations(stateOf(fx.ctx), new Date('2026-02-02T04:00:00Z'))
    expect(list.map((o) => [o.kind, o.dueAt])).toEqual([
      ['revoke', '2026-02-02T05:00:00.000Z'],
      ['rotate-reissue', '2026-02-04T03:00:00.000Z'],
      ['review', '2026-02-05T03:00:00.000Z'],
    ])
    fx.clock.set('2026-02-02T06:00:00Z')
    recordRevoked(fx.ctx, releaseId, 'password changed by Olivia, ticket CHG-1')
    expect(at('2026-02-02T06:00:00Z')).toEqual(['rotate-reissue:due', 'review:due'])
    expect(new Date('2026-02-04T03:00:00Z').getTime() - new Date('2026-02-02T03:00:00Z').getTime()).toBe(2 * DAY)
    expect(FIXTURE_BUNDLE.kind).toBe('aws-root-login')
  })
})
