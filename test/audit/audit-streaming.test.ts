// A long log exported the way a 100,000-entry one is: its rows streamed from the logbook in
// passes (iterateEntries), never loaded whole, and the PDF still lists every entry. An entry
// appended while the export runs stays out of it: the PDF holds the log exactly as verified.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VaultEvent } from '../../shared/events'
import { exportAuditPdf, type AuditExport } from '../../main/core/audit/export-audit-pdf'
import { parseLogExport, verifyLogExport, headKeyOf } from '../../main/core/audit/log-export'
import { verifyAuditPdf } from '../../main/core/audit/verify-audit-pdf'
import type { EntryRange, Logbook } from '../../main/core/logbook'
import { makeAuditVault, type AuditFixture } from './audit-fixture'

const ADDED = 1_500

let work: string
let fx: AuditFixture
let size: number
let exported: AuditExport
let pages: string[]
const reads: EntryRange[] = []

/**
 * The fixture's logbook as the export sees it: every read of rows is recorded, reading the
 * whole log at once (rawEntries) fails the test, and the first streamed read lets another
 * writer append an entry first, as a busy vault would.
 */
function watchedLogbook(book: Logbook, appendDuringExport: () => void): Logbook {
  let appended = false
  return new Proxy(book, {
    get(target, prop, receiver) {
      if (prop === 'rawEntries') return () => expect.unreachable('the export loaded the whole log with rawEntries()')
      if (prop === 'iterateEntries') {
        return (range?: EntryRange) => {
          reads.push(range ?? {})
          if (!appended) {
            appended = true
            appendDuringExport()
          }
          return target.iterateEntries(range)
        }
      }
      const value = Reflect.get(target, prop, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'custos-audit-stream-'))
  fx = makeAuditVault()
  fx.clock.set('2026-05-01T09:00:00Z')
  const events: VaultEvent[] = Array.from({ length: ADDED }, (_, i) => ({
    type: 'roster.reviewed',
    reviewer: i % 2 ? 'Amara Okafor' : 'Björn Lindqvist',
    note: `Roster review ${i + 1}: every custodian reached by phone and still in post`,
  }))
  fx.book.appendAll('owner', events)
  size = fx.book.head().size
  fx.clock.set('2026-05-02T09:00:00Z')
  const book = watchedLogbook(fx.book, () => fx.book.append('owner', { type: 'roster.reviewed', reviewer: 'Chloé Dubois', note: 'appended during the export' }))
  exported = await exportAuditPdf({ vault: fx.vault, logbook: book, clock: fx.clock })
  const pdf = join(work, 'audit.pdf')
  writeFileSync(pdf, exported.pdf)
  pages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\f').slice(0, -1)
}, 120_000)

afterAll(() => {
  fx.book.close()
  rmSync(work, { recursive: true, force: true })
  rmSync(fx.dir, { recursive: true, force: true })
})

describe('an audit export of a long log', () => {
  it('reads the rows through the logbook iterator, bounded by the verified head', () => {
    expect(reads.length).toBeGreaterThan(0)
    for (const range of reads) expect(range.toSeq).toBe(size)
  })

  it('lists every entry of the log in the entry table, once and in order', () => {
    const text = pages.join('\n')
    const start = text.indexOf(`Entries #1 to #${size} (`)
    expect(start).toBeGreaterThan(0)
    // Entry table rows start with the entry number and the day (the time wraps below it).
    const seqs = [...text.slice(start).matchAll(/^\s*(\d+)\s+\d{4}-\d{2}-\d{2}\s/gm)].map((m) => Number(m[1]))
    expect(seqs).toEqual(Array.from({ length: size }, (_, i) => i + 1))
    expect(text).not.toContain('appended during the export')
  })

  it('embeds and summarises the log as verified, without the entry appended meanwhile', () => {
    expect(fx.book.head().size).toBe(size + 1)
    expect(exported.summary.log.entries).toBe(size)
    const log = parseLogExport(exported.logJson)
    expect(log.entries).toHaveLength(size)
    expect(log.entries.map((e) => e.seq)).toEqual(Array.from({ length: size }, (_, i) => i + 1))
    expect(log.headHash).toBe(log.entries.at(-1)!.hash)
    expect(verifyLogExport(log, headKeyOf(log), []).ok).toBe(true)
    expect(exported.checkpointText).toContain(`\n${size}\n`)
    const report = verifyAuditPdf({ pdf: exported.pdf, roots: [{ source: 'root', pem: exported.rootPem }] })
    expect(report.log.entries).toBe(size)
  })
})
