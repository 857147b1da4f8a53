// The issuance ceremony through the API as the desktop wizard calls it: a real vault, the
// real sheets PDF saved through the (fake) dialog, its pages rendered by poppler and decoded,
// then scan-back, hand-over and activation. Refusals change nothing in the log.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { groupForDisplay } from '../../shared/share-format'
import { formatTypedLines } from '../../shared/typed-groups'
import { createHarness, issueThroughOps, ROOT_KEY, saveAndScanPages, type Harness } from './workflow-harness'

const ARTIFACTS = join(process.cwd(), 'test/artifacts/workflow-backend')
let h: Harness
let firstSetId: string
let firstSheets: { index: number; copy: number; source: string; payload: string }[]

beforeAll(async () => {
  h = await createHarness('custos-issuance-ops-', { copies: 2 })
})
afterAll(() => h.cleanup())

describe('issuance ceremony through the API', () => {
  it('issues a 2-of-3 set with two copies: start, save the PDF, scan back its printed pages, hand over, activate', async () => {
    const started = await h.call('issuance.start', { methodId: 'aws-prod', bundle: ROOT_KEY, label: 'AWS prod', emergencyContact: 'Security desk +1 555 0100' })
    firstSetId = started.setId
    expect(started).toMatchObject({ methodId: 'aws-prod', threshold: 2, total: 3, copies: 2, label: 'AWS prod' })
    expect(started.sheets.map((s) => `${s.index}.${s.copy}`)).toEqual(['1.1', '1.2', '2.1', '2.2', '3.1', '3.2'])
    for (const sheet of started.sheets) expect(sheet.typedLines).toEqual(formatTypedLines(sheet.payload))
    expect(started.pdfBytes).toBeGreaterThan(10_000)
    const logged = await h.lastEntries(2)
    expect(logged.map((e) => e.type)).toEqual(['sheets.assigned', 'set.issued'])
    expect(JSON.stringify(logged)).not.toContain(started.sheets[0]!.payload.slice(10, 40))

    // Not scanned back and not handed over yet: activation is refused.
    expect((await h.fail('issuance.activate', { setId: firstSetId })).code).toBe('SET_NOT_READY')

    const { saved, path, scans } = await saveAndScanPages(h, firstSetId, 2)
    const bytes = readFileSync(path)
    expect(saved).toEqual({ saved: true, path, sha256: createHash('sha256').update(bytes).digest('hex') })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(h.desktop.callsOf('saveDialog').at(-1)!.request).toMatchObject({
      defaultName: `custos-sheets-${firstSetId}.pdf`,
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    })
    mkdirSync(ARTIFACTS, { recursive: true })
    copyFileSync(path, join(ARTIFACTS, 'issued-sheets.pdf'))
    // What the scanner read is exactly what the ops showed for each sheet.
    expect(scans.map((s) => s.payload)).toEqual(started.sheets.map((s) => s.payload))
    firstSheets = scans

    const before = await h.logSize()
    const scanned = await h.call('issuance.scanBack', { setId: firstSetId, sheets: scans })
    expect(scanned).toMatchObject({ setId: firstSetId, ok: true, problems: [] })
    expect(scanned.sheets.every((s) => s.ok)).toBe(true)
    expect(await h.logSize()).toBe(before + 1)
    expect((await h.lastEntries(1))[0]).toMatchObject({ type: 'set.scan-verified', event: { setId: firstSetId, recombined: true } })

    let view
    for (const s of started.sheets) {
      view = await h.call('issuance.handover', { setId: firstSetId, index: s.index, copy: s.copy, custodianId: s.custodianId, bagSerial: ` TE-${s.index}${s.copy} ` })
    }
    expect(view!.sheets.every((s) => s.handedOver && s.bagSerial === `TE-${s.index}${s.copy}`)).toBe(true)

    const active = await h.call('issuance.activate', { setId: firstSetId.toLowerCase() })
    expect(active).toMatchObject({ setId: firstSetId, status: 'active', threshold: 2, total: 3, copies: 2, label: 'AWS prod' })
    expect(active.scanVerified).toBeDefined()
    expect(active.sheets.every((s) => s.lastVerified)).toBe(true)
    expect(h.pendingSheets.get(firstSetId)).toBeUndefined()
    expect((await h.call('methods.list', {})).methods[0]!.activeSetId).toBe(firstSetId)
  })

  it('keeps the sheets PDF only while the set is being issued', async () => {
    const error = await h.fail('issuance.savePdf', { setId: firstSetId })
    expect(error.code).toBe('SET_NOT_READY')
    expect(error.message).toMatch(/is active; its sheets PDF is kept only while the set is being issued/)
  })

  describe('with a second set being issued', () => {
    let pending: Awaited<ReturnType<Harness['call']>> & { setId: string; sheets: { index: number; copy: number; payload: string; custodianId: string; typedLines: string[] }[] }
    const all = () => pending.sheets.map((s) => ({ index: s.index, copy: s.copy, source: `sheet ${s.index}.${s.copy}`, payload: s.payload }))

    beforeAll(async () => {
      pending = (await h.call('issuance.start', { methodId: 'aws-prod', bundle: ROOT_KEY })) as typeof pending
    })

    it('refuses a second issuance for the method while one is in the making, naming the pending set', async () => {
      const error = await h.fail('issuance.start', { methodId: 'aws-prod', bundle: ROOT_KEY })
      expect(error).toMatchObject({ code: 'ISSUANCE_IN_PROGRESS', details: { setId: pending.setId } })
      expect(error.message).toContain(`Finish set ${pending.setId}`)
    })

    it('scan-back names a sheet declared at the wrong place and logs nothing', async () => {
      const before = await h.logSize()
      const sheets = all()
      // The person holds sheet 3.1 but says it is 2.1, and the other way round.
      sheets[2]!.payload = pending.sheets[4]!.payload
      sheets[4]!.payload = pending.sheets[2]!.payload
      const result = await h.call('issuance.scanBack', { setId: pending.setId, sheets })
      expect(result.ok).toBe(false)
      const bad = result.sheets.filter((s) => !s.ok)
      expect(bad.map((s) => `${s.index}.${s.copy}:${s.error!.code}`)).toEqual(['2.1:SHARE_INDEX_CONFLICT', '3.1:SHARE_INDEX_CONFLICT'])
      expect(bad[0]!.error!.message).toBe(
        `sheet 2.1 was scanned as sheet 2.1 but carries share 3 of set ${pending.setId}. Scan sheet 2.1 in its place, or check which sheet you are holding.`,
      )
      expect(result.problems.join('\n')).toMatch(/Sheets 2\.1, 3\.1 of set .* were not scanned or did not pass/)
      expect(await h.logSize()).toBe(before)
    })

    it('scan-back names the sheets not scanned', async () => {
      const before = await h.logSize()
      const result = await h.call('issuance.scanBack', { setId: pending.setId, sheets: all().filter((s) => !(s.index === 3 && s.copy === 2)) })
      expect(result.ok).toBe(false)
      expect(result.sheets.every((s) => s.ok)).toBe(true)
      expect(result.problems).toEqual([`Sheet 3.2 of set ${pending.setId} was not scanned or did not pass: scan every printed sheet (reprint any that is missing).`])
      expect(await h.logSize()).toBe(before)
    })

    it('scan-back refuses a sheet of another set, a damaged text and a copy that was never printed', async () => {
      const before = await h.logSize()
      const damaged = pending.sheets[1]!.payload.slice(0, 60) + (pending.sheets[1]!.payload[60] === 'A' ? 'B' : 'A') + pending.sheets[1]!.payload.slice(61)
      const result = await h.call('issuance.scanBack', {
        setId: pending.setId,
        sheets: [
          ...all(),
          { index: 1, copy: 1, source: 'old sheet', payload: firstSheets[0]!.payload },
          { index: 1, copy: 2, source: 'smudged photo', payload: damaged },
          { index: 2, copy: 3, source: 'extra sheet', payload: pending.sheets[2]!.payload },
        ],
      })
      expect(result.ok).toBe(false)
      const codes = Object.fromEntries(result.sheets.filter((s) => !s.ok).map((s) => [s.source, s.error!.code]))
      expect(codes).toEqual({ 'old sheet': 'SHARE_FROM_OTHER_SET', 'smudged photo': 'SHARE_CHECKSUM_MISMATCH', 'extra sheet': 'SHEET_NOT_FOUND' })
      expect(result.sheets.find((s) => s.source === 'old sheet')!.error!.message).toContain(`of set ${firstSetId}, not of set ${pending.setId}`)
      expect(await h.logSize()).toBe(before)
    })

    it('a typo in typed groups is pinned to its line and group', async () => {
      const lines = pending.sheets[0]!.typedLines.slice()
      const line = lines[1]!
      const at = 6 // first character of the second line's first group (after "02  ")
      lines[1] = line.slice(0, at - 2) + (line[at - 2] === 'X' ? 'Y' : 'X') + line.slice(at - 1)
      const result = await h.call('issuance.scanBack', { setId: pending.setId, sheets: [{ index: 1, copy: 1, source: 'typed sheet 1.1', payload: lines.join('\n') }] })
      expect(result.sheets[0]!.error).toMatchObject({ code: 'TYPED_GROUP_INVALID' })
      expect(result.sheets[0]!.error!.message).toMatch(/^typed sheet 1\.1: Group 7 \(line 2, group 1\)/)
    })

    it('prints from memory, refuses to save after a restart, and says what to do', async () => {
      expect(await h.call('issuance.printPdf', { setId: pending.setId })).toEqual({ printed: true })
      const printed = h.desktop.callsOf('printPdf').at(-1)!.request
      expect(printed.title).toBe(`Custos sheets, set ${pending.setId}`)
      expect(Buffer.from(printed.pdf).subarray(0, 5).toString()).toBe('%PDF-')

      // Cancelled dialog: nothing written.
      h.desktop.nextSavePath = undefined
      expect(await h.call('issuance.savePdf', { setId: pending.setId })).toEqual({ saved: false })

      // Replacing a file the dialog confirmed: the sheets end up readable by the owner only.
      const existing = join(h.work, 'replace-me.pdf')
      writeFileSync(existing, 'old', { mode: 0o644 })
      h.desktop.nextSavePath = existing
      const saved = await h.call('issuance.savePdf', { setId: pending.setId })
      expect(saved.saved).toBe(true)
      expect(statSync(existing).mode & 0o777).toBe(0o600)
      expect(readFileSync(existing).subarray(0, 5).toString()).toBe('%PDF-')

      h.restart()
      for (const name of ['issuance.savePdf', 'issuance.printPdf'] as const) {
        const error = await h.fail(name, { setId: pending.setId })
        expect(error.code).toBe('SET_NOT_READY')
        expect(error.message).toMatch(/no longer in memory .*If the sheets were printed, continue with the scan-back of every sheet; if not, abandon this set and issue a new one\./)
      }
    })

    it('scan-back accepts the typed groups as a person types them', async () => {
      const sheets = all()
      sheets[0] = { ...sheets[0]!, source: 'typed sheet 1.1', payload: pending.sheets[0]!.typedLines.join('\n').toLowerCase() }
      const result = await h.call('issuance.scanBack', { setId: pending.setId, sheets })
      expect(result).toMatchObject({ ok: true, problems: [] })
      // Printed and scanned back: without the PDF in memory, the way on is the hand-over.
      expect((await h.fail('issuance.savePdf', { setId: pending.setId })).message).toMatch(
        /already printed and scanned back: continue with the hand-over and activation/,
      )
    })

    it('refuses a hand-over to someone else than the assigned custodian, and a missing bag serial', async () => {
      const sheet = pending.sheets[0]!
      const wrong = await h.fail('issuance.handover', { setId: pending.setId, index: 1, copy: 1, custodianId: sheet.custodianId === 'bob' ? 'carol' : 'bob', bagSerial: 'TE-1' })
      expect(wrong.code).toBe('ASSIGNMENT_INVALID')
      const blank = await h.fail('issuance.handover', { setId: pending.setId, index: 1, copy: 1, custodianId: sheet.custodianId, bagSerial: '  ' })
      expect(blank).toMatchObject({ code: 'INPUT_INVALID' })
      expect(blank.message).toMatch(/bag serial/)
    })

    it('abandons the set being issued, drops its sheets and lists both sets', async () => {
      expect((await h.fail('issuance.abandon', { setId: pending.setId, note: ' ' })).code).toBe('INPUT_INVALID')
      const abandoned = await h.call('issuance.abandon', { setId: pending.setId, note: 'Printer jammed; issuing again' })
      expect(abandoned).toMatchObject({ status: 'retired', retired: { reason: 'abandoned' } })
      expect(h.pendingSheets.get(pending.setId)).toBeUndefined()
      const { sets } = await h.call('sets.list', { methodId: 'aws-prod' })
      expect(sets.map((s) => [s.setId, s.status])).toEqual([
        [pending.setId, 'retired'],
        [firstSetId, 'active'],
      ])
      expect((await h.call('sets.list', { methodId: 'nothing' })).sets).toEqual([])
      expect((await h.fail('issuance.scanBack', { setId: pending.setId, sheets: all() })).code).toBe('SET_NOT_READY')
    })
  })

  it('refuses the dialogs clearly where there is no desktop', async () => {
    const headless = await createHarness('custos-issuance-headless-', { desktop: false })
    try {
      const started = await issueThroughOps(headless)
      for (const name of ['issuance.savePdf', 'issuance.printPdf'] as const) {
        const error = await headless.fail(name, { setId: started.setId })
        expect(error.code).toBe('USAGE')
        // Words any front end can show (no command-line text); details say what is missing.
        expect(error.message).toMatch(/needs a desktop's dialogs/)
        expect(error.message).not.toMatch(/custos /)
        expect(error.details).toMatchObject({ needs: 'desktop' })
      }
      expect((await headless.fail('sheets.importImages', {})).message).toMatch(/Importing images of sheets needs a desktop/)
    } finally {
      headless.cleanup()
    }
  })
})

describe('names on the sheets (issue 18)', () => {
  /** The pending set's sheets PDF saved through the fake dialog, as pdftotext reads it. */
  async function sheetsText(harness: Harness, setId: string): Promise<string> {
    mkdirSync(harness.work, { recursive: true })
    const path = join(harness.work, `names-${setId}.pdf`)
    harness.desktop.nextSavePath = path
    expect((await harness.call('issuance.savePdf', { setId })).saved).toBe(true)
    return execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  }

  it('prints vault, method, custodian and whom to tell by default, and leaves the names off anonymous sheets', async () => {
    const named = await createHarness('custos-issuance-names-')
    try {
      const contact = 'Duty desk +44 20 7946 0000'
      const first = await named.call('issuance.start', { methodId: 'aws-prod', bundle: ROOT_KEY, emergencyContact: contact })
      const text = await sheetsText(named, first.setId)
      for (const name of ['Workflow vault', 'AWS prod break-glass key', 'Alice Martin', 'Bob Chen', 'Carol Diaz']) expect(text).toContain(name)
      expect(text).toContain(`Tell Cloud platform (${contact}) the same day`)
      await named.call('issuance.abandon', { setId: first.setId, note: 'Trying anonymous sheets' })

      const anonymous = await named.call('issuance.start', { methodId: 'aws-prod', bundle: ROOT_KEY, emergencyContact: contact, anonymous: true })
      const plain = await sheetsText(named, anonymous.setId)
      for (const name of ['Workflow vault', 'AWS prod break-glass key', 'Alice Martin', 'Bob Chen', 'Carol Diaz', 'Dave Evans', 'Erin Fox', 'Frank Gold']) {
        expect(plain).not.toContain(name)
      }
      // What a custodian still needs: the set id, the custody record, and whom to tell.
      expect(plain).toContain(groupForDisplay(anonymous.setId))
      expect(plain).toContain('Custody record: share 1 of 3')
      expect(plain).toContain(`Tell Cloud platform (${contact}) the same day`)
      // The assignments are still recorded in the logbook; only the paper is anonymous.
      expect(anonymous.sheets.map((s) => s.custodianName)).toContain('Alice Martin')
    } finally {
      named.cleanup()
    }
  })
})
