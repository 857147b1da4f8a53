// Who did it, as the logbook screen says it (shared/entry-words.ts whoDid): the person an
// entry names as acting, the owner who created the vault, and the computer account said as
// such, never a bare "root" passed off as a person. Also: custos init --owner and vault.init.
import { join } from 'node:path'
import { userInfo } from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { actorWords, collectEntryNames, describeEntry, namedActor, whoDid, type EntryWithActor } from '../../shared/entry-words'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { apiCaller } from '../helpers/api-call'
import { makeTempDir } from '../helpers/temp-dir'
import { runCli } from '../helpers/run-cli'

const ACCOUNT = 'root'
const names = collectEntryNames([
  { type: 'custodian.added', payload: { custodianId: 'dan-fischer', name: 'Dan Fischer', contact: 'x', team: 'Payments' } },
  {
    type: 'release.requested',
    payload: { releaseId: 'rel-1', methodId: 'm', incidentTicket: 'INC-5120', requester: { name: 'Olivia Operator', team: 'SRE', area: 'EU' }, operator: 'Olivia Operator' },
  },
])
const entry = (type: string, event: Record<string, unknown>, actor = ACCOUNT): EntryWithActor => ({ type, actor, event: { type, ...event } })
const deadlines = { revokeBy: '2026-04-14T04:24:00.000Z', rotateBy: '2026-04-15T03:24:00.000Z', reviewBy: '2026-04-19T03:24:00.000Z' }
const presented = [
  { index: 1, custodianId: 'alice', shareFingerprint: 'A'.repeat(16) },
  { index: 2, custodianId: 'bob', shareFingerprint: 'B'.repeat(16) },
]

describe('who did it, in the logbook', () => {
  it('names the operator of a release grant, not the computer account that recorded it', () => {
    const granted = entry('release.granted', { releaseId: 'rel-1', setId: '2QTNP9QV', operator: 'Olivia Operator', presented, ...deadlines })
    expect(whoDid(granted, names, ACCOUNT)).toBe('Olivia Operator (operator)')
  })

  it('names an operator who is a custodian by name, in the grant and in its sentence', () => {
    const granted = entry('release.granted', { releaseId: 'rel-1', setId: '2QTNP9QV', operator: 'dan-fischer', presented, ...deadlines })
    expect(whoDid(granted, names, ACCOUNT)).toBe('Dan Fischer (operator)')
    expect(describeEntry(granted, names)).toContain('credential released to Dan Fischer (release rel-1)')
  })

  it('names the requester of a request, the reviewer, the one who did a script step and a destruction witness', () => {
    expect(whoDid(entry('release.requested', { requester: { name: 'dan-fischer', team: 'P', area: 'EU' }, operator: 'dan-fischer' }), names, ACCOUNT)).toBe('Dan Fischer')
    expect(whoDid(entry('review.completed', { releaseId: 'rel-1', reviewer: 'Rita Review' }), names, ACCOUNT)).toBe('Rita Review')
    expect(whoDid(entry('roster.reviewed', { reviewer: 'Vault owner' }), names, ACCOUNT)).toBe('Vault owner')
    expect(whoDid(entry('script.step-done', { doneBy: 'Sam Scribe', step: 1 }), names, ACCOUNT)).toBe('Sam Scribe')
    expect(whoDid(entry('sheet.destroyed', { witness: 'Wendy Witness' }), names, ACCOUNT)).toBe('Wendy Witness (witness)')
  })

  it('says "this computer\'s account" for entries that name no person and were recorded under the account', () => {
    for (const [type, event] of [
      ['vault.created', { name: 'Payments prod', fingerprint: 'ABCDEFGHJKMNPQRS' }],
      ['set.issued', { setId: '2QTNP9QV', threshold: 3, total: 5, label: '', vaultFingerprint: 'ABCDEFGHJKMNPQRS' }],
      ['log.key-rotated', { previousFingerprint: 'ABCDEFGHJKMNPQRS', newFingerprint: 'BCDEFGHJKMNPQRST' }],
      ['release.revoked', { releaseId: 'rel-1', evidence: 'key deleted' }],
      ['release.withdrawn', { releaseId: 'rel-1', reason: 'duplicate' }],
    ] as const) {
      const who = whoDid(entry(type, event), names, ACCOUNT)
      expect(who, type).toBe("this computer's account root")
      expect(who, type).not.toBe('root')
    }
  })

  it('shows a person named as the actor (the vault owner, CUSTOS_ACTOR) as that person', () => {
    expect(whoDid(entry('vault.created', { name: 'Payments prod', fingerprint: 'ABCDEFGHJKMNPQRS' }, 'Dana Lead'), names, ACCOUNT)).toBe('Dana Lead')
    expect(whoDid(entry('release.revoked', { releaseId: 'rel-1', evidence: 'x' }, 'ops-alice'), names, ACCOUNT)).toBe('ops-alice')
    expect(actorWords('Security office', ACCOUNT)).toBe('Security office')
  })

  it('falls back to the row actor when the payload names nobody or is malformed', () => {
    expect(namedActor(entry('release.granted', { operator: '' }), names)).toBeUndefined()
    expect(namedActor(entry('review.completed', { reviewer: 42 }), names)).toBeUndefined()
    expect(whoDid(entry('review.completed', { reviewer: 42 }, 'auditor-ann'), names, ACCOUNT)).toBe('auditor-ann')
    // Without knowing the account (an older backend), the actor is shown as recorded.
    expect(whoDid(entry('release.revoked', { releaseId: 'rel-1' }), names)).toBe('root')
  })
})

describe('the person who creates the vault is its first entry\'s actor', () => {
  const work = makeTempDir('custos-who-did-')
  afterAll(() => work.cleanup())
  const clock = fixedClock(new Date('2026-05-01T08:00:00Z'))

  it('records the owner given to vault.init, and says the computer account when none is given', async () => {
    const named = apiCaller(createApi({ dataDir: join(work.path, 'named'), clock }))
    await named.must('vault.init', { name: 'Payments prod', owner: '  Dana Lead ' })
    const first = (await named.must<{ entries: { actor: string; type: string }[]; account?: string }>('log.entries', { limit: 1 }))
    expect(first.entries[0]).toMatchObject({ type: 'vault.created', actor: 'Dana Lead' })
    expect(first.account).toBe(userInfo().username)

    const unnamed = apiCaller(createApi({ dataDir: join(work.path, 'unnamed'), clock }))
    await unnamed.must('vault.init', { name: 'Staging' })
    const log = await unnamed.must<{ entries: EntryWithActor[]; account?: string }>('log.entries', { limit: 1 })
    const expected = process.env.CUSTOS_ACTOR?.trim() || `this computer's account ${userInfo().username}`
    expect(whoDid(log.entries[0]!, names, log.account)).toBe(expected)
  })

  it('custos init --owner names the owner in the logbook', async () => {
    const dataDir = join(work.path, 'cli')
    const init = await runCli(['init', '--data-dir', dataDir, '--name', 'Payments prod', '--owner', 'Dana Lead'], { env: { CUSTOS_ACTOR: 'ops-alice' } })
    expect(init.code, init.stderr).toBe(0)
    const show = await runCli(['log', 'show', '--data-dir', dataDir, '--json'])
    expect(show.json().entries[0]).toMatchObject({ seq: 1, actor: 'Dana Lead', type: 'vault.created' })
  })
})
