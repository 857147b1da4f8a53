// A whole incident through the API, as the desktop screens drive it: issue, break glass,
// revoke, rotate and re-issue, destroy the old sheets, review; at the end no obligation is
// open, and the released secret is nowhere in the data dir (canary).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanForCanary } from '../helpers/canary'
import { createHarness, issueThroughOps, REQUEST, ROOT_KEY, type Harness } from './workflow-harness'

const ROTATED_KEY = { ...ROOT_KEY, accessKeyId: 'AKIAWORKFLOW0TEST002', secretAccessKey: 'q8Xw2ZrotatedSECRETkeyCANARY000000000002' }
let h: Harness

beforeAll(async () => {
  h = await createHarness('custos-aftercare-story-')
})
afterAll(() => h.cleanup())

const kinds = async () => (await h.call('obligations.list', {})).obligations.map((o) => o.kind).sort()

describe('an incident from break glass to no open obligation', () => {
  it('meets every obligation through the API and leaves no trace of the secret', async () => {
    const first = await issueThroughOps(h)
    expect(await kinds()).toEqual([])

    const release = await h.call('release.request', REQUEST)
    const holder = (index: number) => first.sheets.find((s) => s.index === index)!
    const granted = await h.call('release.grant', {
      releaseId: release.releaseId,
      presentations: [1, 3].map((index) => ({ custodianId: holder(index).custodianId, source: `sheet ${index}`, payload: holder(index).payload })),
    })
    expect(granted.bundle).toEqual(ROOT_KEY)
    expect(await kinds()).toEqual(['review', 'revoke', 'rotate-reissue'])

    h.clock.advance(30 * 60_000)
    expect((await h.fail('release.recordRevoked', { releaseId: release.releaseId, evidence: '  ' })).code).toBe('INPUT_INVALID')
    const revoked = await h.call('release.recordRevoked', { releaseId: release.releaseId, evidence: 'Key AKIAWORKFLOW0TEST001 deactivated by Olivia, ticket CHG-12' })
    expect(revoked.revoked).toMatchObject({ evidence: 'Key AKIAWORKFLOW0TEST001 deactivated by Olivia, ticket CHG-12' })
    expect(await kinds()).toEqual(['review', 'rotate-reissue'])

    h.clock.advance(3 * 3600_000)
    const rotated = await h.call('release.recordRotated', { releaseId: release.releaseId, evidence: 'New key AKIAWORKFLOW0TEST002 created, old key deleted' })
    expect(rotated.rotated).toBeDefined()
    // Rotated, but not yet re-issued: the obligation stays until a new set is active.
    expect(await kinds()).toEqual(['review', 'rotate-reissue'])

    const second = await issueThroughOps(h, ROTATED_KEY)
    expect(await kinds()).toEqual(['destroy-retired-sheets', 'review'])

    let retired
    for (const s of first.sheets) {
      retired = await h.call('custody.destroyed', { setId: first.setId, index: s.index, copy: s.copy, witness: 'Security officer Sam' })
    }
    expect(retired!).toMatchObject({ setId: first.setId, status: 'retired', retired: { reason: 'superseded' } })
    expect(retired!.sheets.every((s) => s.destroyed)).toBe(true)
    expect((await h.fail('custody.destroyed', { setId: first.setId, index: 1, copy: 1, witness: 'Sam' })).code).toBe('SHEET_NOT_FOUND')
    expect(await kinds()).toEqual(['review'])

    const review = {
      releaseId: release.releaseId,
      reviewer: 'Rita Reviewer',
      justified: true,
      alternativesConsidered: true,
      revokedAndRotated: true,
      allActionsLogged: true,
      wentWell: 'Quorum gathered in 12 minutes',
      toImprove: 'Keep the runbook next to the safe',
      actionItems: ['Add a second contact for the cloud team'],
    }
    const reviewed = await h.call('review.complete', review)
    expect(reviewed).toMatchObject({ releaseId: release.releaseId, reviewed: { reviewer: 'Rita Reviewer' }, revoked: {}, rotated: {}, granted: { setId: first.setId } })
    expect((await h.fail('review.complete', review)).code).toBe('RELEASE_STATE')
    expect(await h.call('custodians.reviewRoster', { reviewer: 'Vault owner', note: 'Everyone reachable' })).toEqual({ recorded: true })

    expect((await h.call('obligations.list', {})).obligations).toEqual([])
    const { sets } = await h.call('sets.list', {})
    expect(sets.map((s) => [s.setId, s.status])).toEqual([
      [second.setId, 'active'],
      [first.setId, 'retired'],
    ])
    expect(await h.call('log.verify', { full: true })).toMatchObject({ ok: true })

    // The canary: neither the released secret nor the rotated one is anywhere in the data dir.
    for (const secret of [ROOT_KEY.secretAccessKey, ROTATED_KEY.secretAccessKey]) expect(scanForCanary(secret, [h.dataDir])).toEqual([])
  })
})
