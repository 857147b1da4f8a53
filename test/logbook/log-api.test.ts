// The logbook through the API contract the desktop UI uses: split records its set before
// payloads are returned, and log.entries / log.verify / log.checkpoint read the log.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApi } from '../../main/core/api/create-api'
import { dispatch } from '../../main/core/api/dispatch'
import { fixedClock } from '../../main/core/clock'
import { attackerDb, dropGuards, tempDir } from './logbook-helpers'

describe('logbook operations of the API', () => {
  it('records a split before returning its payloads and reports the log to the UI', async () => {
    const dataDir = join(tempDir(), 'vault')
    const api = createApi({ dataDir, clock: fixedClock('2026-06-01T10:00:00Z') })
    await api['vault.init']({ name: 'Desk vault' })
    const split = await dispatch(api, 'shares.split', { bundle: { kind: 'generic', fields: { pin: '8841-2290' } }, threshold: 2, total: 3 })
    expect(split.ok).toBe(true)
    const listed = await dispatch(api, 'log.entries', { newestFirst: true })
    expect(listed).toMatchObject({ ok: true, value: { size: 2, entries: [{ seq: 2, type: 'set.issued', event: { threshold: 2, total: 3 } }, { seq: 1, type: 'vault.created' }] } })
    expect(JSON.stringify(listed)).not.toContain('8841-2290')
    const cp = await dispatch(api, 'log.checkpoint', {})
    expect(cp).toMatchObject({ ok: true, value: { size: 2, qrSvg: expect.stringMatching(/^<svg/) } })
    const text = (cp as { value: { text: string } }).value.text
    expect(await dispatch(api, 'log.verify', { checkpoints: [text], full: true })).toMatchObject({ ok: true, value: { ok: true, signaturesChecked: 2 } })

    // A tampered log: verify reports it, and split refuses before any payload is returned.
    const db = attackerDb(join(dataDir, 'logbook.sqlite'))
    dropGuards(db)
    db.exec("UPDATE entries SET actor = 'mallory' WHERE seq = 1")
    db.close()
    expect(await dispatch(api, 'log.verify', {})).toMatchObject({ ok: true, value: { ok: false, problem: { seq: 1, kind: 'modified' } } })
    const refused = await dispatch(api, 'shares.split', { bundle: { kind: 'generic', fields: { pin: '1' } }, threshold: 2, total: 3 })
    expect(refused).toMatchObject({ ok: false, error: { code: 'LOG_VERIFY_FAILED' } })
  })
})
