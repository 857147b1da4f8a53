// Break glass and drills through the API: live feedback on every presented sheet (nothing
// logged), a request that names each missing field, a grant that hands out the credential
// only once release.granted is durable, drills that date each sheet, and image import.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeQrFromImage } from '../../main/core/sheets/qr-decode'
import { splitBundle } from '../../main/core/shares/split'
import { formatTypedLines } from '../../shared/typed-groups'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { createHarness, issueThroughOps, REQUEST, ROOT_KEY, saveAndScanPages, type Harness } from './workflow-harness'

type Issued = Awaited<ReturnType<typeof issueThroughOps>>
let h: Harness
let oldSet: Issued
let set: Issued
let pendingSetId: string
let pendingPages: string[]

const DAY = 24 * 3600 * 1000
/** Who holds sheet index.copy of a set, and the sheet's text. */
const sheet = (s: Issued, index: number, copy = 1) => s.sheets.find((x) => x.index === index && x.copy === copy)!
const present = (s: Issued, index: number, copy = 1, custodianId = sheet(s, index, copy).custodianId) => ({
  custodianId,
  source: `sheet ${index}.${copy} of ${s.setId}`,
  payload: sheet(s, index, copy).payload,
})

beforeAll(async () => {
  h = await createHarness('custos-quorum-ops-', { copies: 2 })
  oldSet = await issueThroughOps(h)
  h.clock.advance(DAY)
  set = await issueThroughOps(h)
  const started = await h.call('issuance.start', { methodId: 'aws-prod', bundle: ROOT_KEY })
  pendingSetId = started.setId
  pendingPages = (await saveAndScanPages(h, pendingSetId, 2)).pages
})
afterAll(() => h.cleanup())

describe('quorum feedback', () => {
  it('checks every presented sheet on its own, says who holds it, and logs nothing', async () => {
    const before = await h.logSize()
    const damaged = sheet(set, 2).payload.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
    const stranger = splitBundle({ bundle: ROOT_KEY, threshold: 2, total: 3 }, generateVaultKey())
    const notHolder = set.sheets.find((s) => s.index !== 3)!.custodianId
    const check = await h.call('quorum.check', {
      methodId: 'aws-prod',
      presentations: [
        present(set, 1),
        present(oldSet, 2),
        { custodianId: sheet(set, 2).custodianId, source: 'sheet of the set being issued', payload: await pendingPayload(1) },
        present(set, 1, 2),
        { custodianId: sheet(set, 2).custodianId, source: 'smudged sheet', payload: damaged },
        present(set, 3, 1, notHolder),
        { custodianId: sheet(set, 2).custodianId, source: 'sheet from elsewhere', payload: stranger.payloads[1]! },
        { custodianId: '', source: 'camera sheet 8', payload: sheet(set, 3).payload },
      ],
    })
    // The unnamed sheet names its holder itself (format 2 carries its copy number), so it counts too.
    expect(check).toMatchObject({ methodId: 'aws-prod', setId: set.setId, threshold: 2, total: 3, valid: 2, ready: true })
    const [valid, retired, notActive, duplicate, smudged, notHeld, otherVault, unnamed] = check.checks
    expect(valid).toEqual({
      source: `sheet 1.1 of ${set.setId}`,
      custodianId: sheet(set, 1).custodianId,
      ok: true,
      index: 1,
      copy: 1,
      sheetHolder: { custodianId: sheet(set, 1).custodianId, name: expect.any(String), copy: 1 },
      setId: set.setId,
      holders: [
        { custodianId: sheet(set, 1).custodianId, name: expect.any(String), copy: 1 },
        { custodianId: sheet(set, 1, 2).custodianId, name: expect.any(String), copy: 2 },
      ],
    })
    expect(retired!.error).toMatchObject({ code: 'SHARE_FROM_RETIRED_SET', details: { setId: oldSet.setId, retiredAt: '2026-04-02T09:00:00.000Z' } })
    expect(retired!.error!.message).toContain(`belongs to set ${oldSet.setId}, which was retired on 2026-04-02; use a sheet from set ${set.setId}`)
    expect(notActive!.error).toMatchObject({ code: 'SHARE_NOT_ACTIVE_SET', details: { setId: pendingSetId } })
    const firstName = valid!.holders[0]!.name
    expect(duplicate).toMatchObject({ ok: false, index: 1, error: { code: 'SHARE_ALREADY_PRESENTED' } })
    expect(duplicate!.error!.message).toMatch(new RegExp(`^Share 1 was already presented by ${firstName}; a quorum needs different shares`))
    expect(smudged!.error!.code).toBe('SHARE_CHECKSUM_MISMATCH')
    expect(smudged!.holders).toEqual([])
    expect(notHeld!.error!.code).toBe('SHEET_NOT_HELD_BY_PRESENTER')
    expect(notHeld!.holders.map((x) => x.custodianId)).toEqual([sheet(set, 3).custodianId, sheet(set, 3, 2).custodianId])
    expect(otherVault!.error!.code).toBe('SHARE_FROM_OTHER_VAULT')
    // A sheet nobody was named for: the sheet says it is share 3 copy 1, so its holder is named without asking.
    expect(unnamed).toMatchObject({ ok: true, index: 3, copy: 1, custodianId: sheet(set, 3).custodianId, sheetHolder: { custodianId: sheet(set, 3).custodianId, copy: 1 } })
    expect(unnamed!.holders.length).toBe(2)
    expect(await h.logSize()).toBe(before)
  })

  it('is ready once distinct shares reach the threshold, typed groups included', async () => {
    const typed = { ...present(set, 2), source: 'typed sheet 2.1', payload: typedLinesOf(set, 2).join('\n') }
    const check = await h.call('quorum.check', { methodId: 'aws-prod', presentations: [present(set, 1), typed] })
    expect(check).toMatchObject({ valid: 2, ready: true })
    expect(check.checks.map((c) => c.ok)).toEqual([true, true])
  })

  it('refuses a method without an active set clearly', async () => {
    await h.call('methods.add', { methodId: 'spare', name: 'Spare key', scope: 'none', ownerTeam: 'Ops', useCases: ['Test'], access: 'none', policy: { threshold: 2, total: 3 } })
    const error = await h.fail('quorum.check', { methodId: 'spare', presentations: [] })
    expect(error.code).toBe('SET_NOT_FOUND')
    expect(error.message).toMatch(/Spare key has no active set of sheets.*Run an issuance ceremony first/)
    expect((await h.fail('quorum.check', { methodId: 'nope', presentations: [] })).code).toBe('METHOD_NOT_FOUND')
  })
})

describe('release', () => {
  it('names every missing request field by label and by path, and records nothing', async () => {
    const before = await h.logSize()
    const error = await h.fail('release.request', { ...REQUEST, incidentTicket: ' ', requester: { name: '', team: 'SRE', area: '' } })
    expect(error.code).toBe('REQUEST_INCOMPLETE')
    expect(error.details).toEqual({ missing: ['incident ticket', 'requester name', 'requester area'], fields: ['incidentTicket', 'requester.name', 'requester.area'] })
    expect(error.message).toMatch(/missing: incident ticket, requester name, requester area.*nothing was recorded/)
    expect(await h.logSize()).toBe(before)
  })

  it('refuses a quorum with a duplicate share, with each sheet\'s check, and logs the failed attempt', async () => {
    const release = await h.call('release.request', REQUEST)
    expect(release).toMatchObject({ releaseId: expect.stringMatching(/^rel-/), failedAttempts: 0, operator: 'Olivia Operator' })
    const error = await h.fail('release.grant', { releaseId: release.releaseId, presentations: [present(set, 1), present(set, 1, 2)] })
    expect(error.code).toBe('NOT_ENOUGH_SHARES')
    expect(error.message).toMatch(/needs 2 different shares; 1 was presented.*Share 1 was already presented by/)
    const checks = (error.details as { checks: { ok: boolean; error?: { code: string } }[] }).checks
    expect(checks.map((c) => c.error?.code ?? 'ok')).toEqual(['ok', 'SHARE_ALREADY_PRESENTED'])
    expect((await h.lastEntries(1))[0]).toMatchObject({ type: 'quorum.failed', event: { during: release.releaseId, code: 'NOT_ENOUGH_SHARES' } })
    expect((await h.call('releases.list', {})).releases[0]).toMatchObject({ releaseId: release.releaseId, failedAttempts: 1 })
  })

  it('hands out no credential when release.granted cannot be written', async () => {
    const { releases } = await h.call('releases.list', {})
    const releaseId = releases[0]!.releaseId
    // A disk that refuses exactly this entry: the quorum is good, the write fails.
    const db = new Database(join(h.dataDir, 'logbook.sqlite'))
    db.exec("CREATE TRIGGER test_refuse_grant BEFORE INSERT ON entries WHEN NEW.type = 'release.granted' BEGIN SELECT RAISE(ABORT, 'disk full (injected)'); END")
    try {
      const answer = await h.result('release.grant', { releaseId, presentations: [present(set, 1), present(set, 2)] })
      expect(answer.ok).toBe(false)
      expect(answer).not.toHaveProperty('value')
      expect(JSON.stringify(answer)).not.toContain(ROOT_KEY.secretAccessKey)
      expect((answer as { error: { code: string } }).error.code).toBe('LOG_WRITE_FAILED')
    } finally {
      db.exec('DROP TRIGGER test_refuse_grant')
      db.close()
    }
    expect((await h.call('releases.list', {})).releases[0]!.granted).toBeUndefined()
  })

  it('grants the credential to the operator only after release.granted is in the log', async () => {
    const { releases } = await h.call('releases.list', {})
    const releaseId = releases[0]!.releaseId
    const granted = await h.call('release.grant', { releaseId, presentations: [present(set, 2), present(set, 3, 2)] })
    expect(granted).toMatchObject({ releaseId, operator: 'Olivia Operator', bundle: ROOT_KEY, notices: [] })
    expect(granted.revokeBy).toBe(new Date(h.clock.now().getTime() + 3600_000).toISOString())
    const [entry] = await h.lastEntries(1)
    expect(entry).toMatchObject({
      type: 'release.granted',
      event: { releaseId, setId: set.setId, operator: 'Olivia Operator', accessKeyId: ROOT_KEY.accessKeyId, awsUserName: ROOT_KEY.userName, revokeBy: granted.revokeBy },
    })
    expect(JSON.stringify(await h.lastEntries(50))).not.toContain(ROOT_KEY.secretAccessKey)
    const view = (await h.call('releases.list', {})).releases[0]!
    expect(view.granted).toMatchObject({ setId: set.setId, accessKeyId: ROOT_KEY.accessKeyId, awsUserName: ROOT_KEY.userName })
    expect((await h.fail('release.grant', { releaseId, presentations: [present(set, 2), present(set, 3, 2)] })).code).toBe('RELEASE_STATE')
  })
})

describe('drill', () => {
  it('passes with a quorum and dates exactly the sheets that counted', async () => {
    h.clock.advance(10 * DAY)
    const before = (await h.call('sets.list', { methodId: 'aws-prod' })).sets.find((s) => s.setId === set.setId)!
    const drill = await h.call('drill.run', { methodId: 'aws-prod', presentations: [present(set, 1, 2), present(set, 3)], note: 'Quarterly drill' })
    expect(drill).toMatchObject({ result: 'passed', setId: set.setId, drillId: expect.stringMatching(/^drill-/) })
    expect(drill.checks.map((c) => c.ok)).toEqual([true, true])
    const now = h.clock.now().toISOString()
    for (const s of drill.sheets) {
      const counted = (s.index === 1 && s.copy === 2) || (s.index === 3 && s.copy === 1)
      const earlier = before.sheets.find((b) => b.index === s.index && b.copy === s.copy)!.lastVerified
      expect(s.lastVerified).toBe(counted ? now : earlier)
    }
    expect((await h.lastEntries(1))[0]).toMatchObject({ type: 'drill.completed', event: { result: 'passed', note: 'Quarterly drill' } })
  })

  it('reports a failed drill with each sheet\'s check instead of failing the call', async () => {
    const drill = await h.call('drill.run', { methodId: 'aws-prod', presentations: [present(set, 2), present(oldSet, 1)] })
    expect(drill.result).toBe('failed')
    expect(drill.message).toMatch(/needs 2 different shares/)
    expect(drill.checks.map((c) => c.error?.code ?? 'ok')).toEqual(['ok', 'SHARE_FROM_RETIRED_SET'])
  })
})

describe('image import', () => {
  it('decodes each chosen image on its own and names what is wrong with the others', async () => {
    const dir = join(h.work, 'import')
    mkdirSync(dir, { recursive: true })
    const blank = join(dir, 'blank.png')
    execFileSync('convert', ['-size', '400x300', 'xc:white', blank])
    const notes = join(dir, 'notes.png')
    writeFileSync(notes, 'this is not an image')
    const huge = join(dir, 'huge.png')
    closeSync(openSync(huge, 'w'))
    execFileSync('truncate', ['-s', String(31 * 1024 * 1024), huge])
    h.desktop.nextOpenPaths = [pendingPages[0]!, blank, notes, huge, join(dir, 'gone.png')]
    const { images } = await h.call('sheets.importImages', { title: 'Sheets for the quorum' })
    expect(h.desktop.callsOf('openDialog').at(-1)!.request).toEqual({
      title: 'Sheets for the quorum',
      multiple: true,
      filters: [{ name: 'Images', extensions: ['png', 'jpg', 'jpeg'] }],
    })
    expect(images[0]).toEqual({ source: pendingPages[0]!.split('/').at(-1), payloads: [await pendingPayload(1)] })
    const codes = images.slice(1).map((i) => [i.source, i.payloads.length, i.error?.code])
    expect(codes).toEqual([
      ['blank.png', 0, 'SHARE_QR_NOT_FOUND'],
      ['notes.png', 0, 'SHARE_IMAGE_UNREADABLE'],
      ['huge.png', 0, 'SHARE_IMAGE_UNREADABLE'],
      ['gone.png', 0, 'FILE_UNREADABLE'],
    ])
    expect(images[3]!.error!.message).toMatch(/huge\.png is 31 MB; Custos reads images of up to 30 MB/)

    h.desktop.nextOpenPaths = []
    expect(await h.call('sheets.importImages', {})).toEqual({ images: [] })
  })
})

/** A share of the set being issued, as its printed page (copy 1) carries it. */
async function pendingPayload(index: number): Promise<string> {
  const { sets } = await h.call('sets.list', {})
  expect(sets.some((s) => s.setId === pendingSetId && s.status === 'pending')).toBe(true)
  const [payload] = await decodeQrFromImage(readFileSync(pendingPages[(index - 1) * 2]!))
  return payload!
}

function typedLinesOf(s: Issued, index: number): string[] {
  return formatTypedLines(sheet(s, index).payload)
}
