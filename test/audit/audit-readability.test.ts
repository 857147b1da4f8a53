// The audit PDF read as an auditor reads it, page by page, with poppler's pdftotext and
// pdftoppm: every value whole (no "…", every custodian name, set id, ticket and note found in
// full), sections that flow instead of a page each, entries in words with their raw type,
// plain splits flagged, the one-page period summary and the controls it evidences.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { groupId } from '../../shared/entry-words'
import { exportAuditPdf } from '../../main/core/audit/export-audit-pdf'
import { verifyAuditPdf } from '../../main/core/audit/verify-audit-pdf'
import { makeAuditVault, SET_A, type AuditFixture } from './audit-fixture'
import { makeYearVault, YEAR_CUSTODIANS, YEAR_NOTES, YEAR_PLAIN_SET, YEAR_SET_A, YEAR_SET_B, YEAR_TICKETS, type YearFixture } from './year-fixture'
import { makeTempDir } from '../helpers/temp-dir'

const ARTIFACTS = join(__dirname, '..', 'artifacts', 'audit')
const tmp = makeTempDir('custos-audit-read-')
let year: YearFixture
let small: AuditFixture
let yearPdf: string
let smallPdf: string

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 })
}

/** The text of each page, laid out as printed (pdftotext -layout). */
const pageCache = new Map<string, string[]>()
function pages(pdf: string): string[] {
  if (!pageCache.has(pdf)) pageCache.set(pdf, tool('pdftotext', ['-layout', pdf, '-']).split('\f').slice(0, -1))
  return pageCache.get(pdf)!
}

interface Word {
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

/** Every word of a page with its box, in points (pdftotext -bbox). */
const wordCache = new Map<string, Word[]>()
function words(pdf: string, page: number): Word[] {
  const key = `${pdf}#${page}`
  if (!wordCache.has(key)) wordCache.set(key, readWords(pdf, page))
  return wordCache.get(key)!
}

function readWords(pdf: string, page: number): Word[] {
  const html = tool('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-'])
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
  }))
}

/**
 * One table column read top to bottom over the pages the table covers: the column's left
 * and right edges come from its header words on each page, and pdftotext -layout renders only
 * that strip (-x/-W), so a wrapped cell reads as its lines in order.
 */
function column(pdf: string, header: string, nextHeader?: string): string {
  const [first, ...more] = header.split(' ')
  const out: string[] = []
  const count = pages(pdf).length
  for (let page = 1; page <= count; page++) {
    const w = words(pdf, page)
    const start = w.findIndex((x, i) => x.text === first && more.every((m, k) => w[i + 1 + k]?.text === m))
    if (start < 0) continue
    const head = w[start]!
    const sameRow = (x: Word) => Math.abs(x.yMin - head.yMin) < 2 && x.xMin > head.xMin
    const end = nextHeader ? w.find((x) => x.text === nextHeader && sameRow(x))?.xMin : 546
    if (end === undefined) continue
    const x = Math.floor(head.xMin - 2)
    out.push(tool('pdftotext', ['-layout', '-f', String(page), '-l', String(page), '-x', String(x), '-y', String(Math.floor(head.yMin)), '-W', String(Math.floor(end - 3) - x), '-H', String(780 - Math.floor(head.yMin)), pdf, '-']))
  }
  return out.join('\n')
}

/** Whitespace dropped: a wrapped value matches itself whatever its line breaks. */
const squash = (text: string) => text.replace(/\s+/g, '')

beforeAll(async () => {
  year = makeYearVault()
  year.clock.set('2026-12-03T09:00:00Z')
  const y = await exportAuditPdf({ vault: year.vault, logbook: year.book, clock: year.clock })
  yearPdf = join(tmp.path, 'year.pdf')
  writeFileSync(yearPdf, y.pdf)
  small = makeAuditVault()
  small.clock.set('2026-04-20T09:00:00Z')
  const s = await exportAuditPdf({ vault: small.vault, logbook: small.book, clock: small.clock })
  smallPdf = join(tmp.path, 'small.pdf')
  writeFileSync(smallPdf, s.pdf)
  expect(verifyAuditPdf({ pdf: y.pdf, roots: [{ source: 'root', pem: y.rootPem }], vaultKey: year.vault.key }).log.entries).toBe(year.book.head().size)
}, 120_000)

afterAll(() => {
  year?.book.close()
  small?.book.close()
  tmp.cleanup()
})

describe('an auditor reads every value whole', () => {
  it('no cell anywhere is shortened with an ellipsis', () => {
    // The one "…" allowed is inside a value as typed (the small fixture's revoke evidence quotes a key id that way).
    const typed = squash('Root access key AKIA…7QX deactivated; CloudTrail event id 3f2a.')
    for (const pdf of [yearPdf, smallPdf]) {
      const evidence = squash(column(pdf, 'What happened', 'Type'))
      expect(evidence.split(typed).join('')).not.toContain('…')
      const text = pages(pdf).join('\n')
      expect(text.split('\n').filter((line) => line.includes('…') && !line.includes('AKIA…7QX'))).toEqual([])
    }
  })

  it('the entry table shows every custodian name, set id, ticket and note of the year whole', () => {
    const details = squash(column(yearPdf, 'What happened', 'Type'))
    const values = [
      ...YEAR_CUSTODIANS.map(([, name]) => name),
      ...[YEAR_SET_A, YEAR_SET_B, YEAR_PLAIN_SET].map(groupId),
      ...YEAR_TICKETS,
      ...YEAR_NOTES,
      'Hannah Abernathy-Mwangi (security lead)',
    ]
    for (const value of values) expect(details, value).toContain(squash(value))
  })

  it('the custody, drill and share-set tables show their names, set ids and notes whole', () => {
    const custodians = squash(column(yearPdf, 'Custodian', 'Bag'))
    for (const [, name] of YEAR_CUSTODIANS) expect(custodians, name).toContain(squash(name))
    const text = pages(yearPdf).join('\n')
    // Short values fit their cells: found on one line of the layout, not only re-joined.
    for (const id of [YEAR_SET_A, YEAR_SET_B, YEAR_PLAIN_SET]) expect(text).toContain(groupId(id))
    for (const name of ['Björn Lindqvist', 'Dmitri Volkov', 'Eun-ji Park', 'Siobhán Ní Mhurchadha']) expect(text).toContain(name)
    const summary = squash(text)
    for (const note of YEAR_NOTES.slice(0, 2)) expect(summary).toContain(squash(note))
  })

  it('a long vault name and the period share the running header without overlapping', () => {
    for (const [i, page] of pages(yearPdf).entries()) {
      expect(page).toContain('Custos audit export · Payments production (AWS 1234-5678-9012, eu-west-1 and us-east-1)')
      expect(page).toContain('Period: 2026-01-05 to 2026-10-15')
      expect(page).toContain(`Page ${i + 1} of`)
    }
  })
})

describe('sections flow', () => {
  it("a small vault's export has no page left mostly blank after a short section", () => {
    const all = pages(smallPdf)
    const count = all.length
    const titles = ['Period summary', 'Controls evidenced', 'Break-glass releases', 'Drills', 'Share sets issued and retired', 'Custody changes', 'Open obligations', 'Vault and log key history', 'All entries']
    // Every page but the last is filled: its last line of content sits in the lower part of the page.
    for (let page = 2; page < count; page++) {
      const w = words(smallPdf, page).filter((x) => x.yMin > 60 && x.yMin < 780)
      const bottom = Math.max(...w.map((x) => x.yMax))
      expect(bottom, `page ${page} ends at y=${bottom}`).toBeGreaterThan(600)
    }
    // Sections share pages: the drills section (one row) is followed on its page by the next section.
    const drillsPage = all.find((p) => /^\s*Drills\s*$/m.test(p))!
    expect(drillsPage).toMatch(/Share sets issued and retired/)
    const starts = titles.map((t) => all.findIndex((p) => new RegExp(`^\\s*${t}\\s*$`, 'm').test(p)))
    expect(new Set(starts).size).toBeLessThan(titles.length - 2)
    expect(count).toBeLessThanOrEqual(7)
  })

  it('repeats the header row of a table continued on the next page', () => {
    const all = pages(yearPdf)
    const entryPages = all.filter((p) => /^\s*All entries( \(continued\))?\s*$/m.test(p))
    expect(entryPages.length).toBeGreaterThan(1)
    for (const page of entryPages) expect(page).toMatch(/#\s+Time \(UTC\)\s+What happened\s+Type\s+Who\s+Hash/)
    expect(entryPages.slice(1).every((p) => p.includes('All entries (continued)'))).toBe(true)
  })
})

describe('what the PDF says', () => {
  it('lists entries in the same words as the app, with the raw type beside them', () => {
    const text = pages(smallPdf).join('\n')
    expect(text.split('\n').some((line) => line.includes('Amara Okafor received share 1 copy 1') && line.includes('sheet.handed-over'))).toBe(true)
    const words = squash(column(smallPdf, 'What happened', 'Type'))
    expect(words).toContain(squash('Amara Okafor presented share 1, Dmitri Volkov presented share 3, Eun-ji Park presented share 5 of set K7Q2-M4XA for INC-4821'))
    expect(words).toContain(squash(`Dana Kowalski (Payments SRE) requested release rel-2026-04-14 of method AWS root, payments for INC-4821`))
    expect(text).toContain('release.granted')
    expect(text).toContain(groupId(SET_A))
  })

  it('flags a set made with a plain custos split as an exception, in the summary and the share sets', () => {
    const text = squash(pages(yearPdf).join('\n'))
    expect(text).toContain(squash(`Plain splits (exceptions) ${groupId(YEAR_PLAIN_SET)}: made with "custos split", no method, custodians or scan-back`))
    expect(squash(column(yearPdf, 'Status'))).toContain(squash('EXCEPTION: made with a plain "custos split": no method, no custodians recorded, never scanned back.'))
    expect(squash(column(yearPdf, 'What happened', 'Type'))).toContain(squash(`Share set ${groupId(YEAR_PLAIN_SET)} made with a plain split (no method, custodians or scan-back)`))
  })

  it('opens with a one-page period summary of releases, drills, sets, missed obligations and key use', () => {
    const all = pages(yearPdf)
    const page = all[1]!
    expect(page).toMatch(/^\s*Period summary\s*$/m)
    const cells = (header: string, next?: string) => squash(column(yearPdf, header, next))
    expect(cells('Ticket and', 'Operator')).toContain(squash(`${YEAR_TICKETS[0]} (rel-2026-07-03), requested 2026-07-03 02:40 UTC`))
    expect(cells('Operator', 'Quorum:')).toContain(squash('Sam Okoro-Lindgren'))
    expect(cells('Quorum: who', 'Time')).toContain(
      squash('Maximilian Alexander von Hohenberg-Castellanos: share 1; Aroha Te Rangi Whakaari: share 3; Björn Lindqvist: share 4 (set V9QW-DC1K)'),
    )
    const revoke = cells('Time to', 'Time')
    for (const v of ['41 min, on time', 'withdrawn, not released']) expect(revoke).toContain(squash(v))
    expect(cells('Review')).toContain(squash('done 2026-07-10 11:00 UTC by Lee Tanaka-Whitfield; justified'))
    const text = squash(page)
    for (const fact of [
      'Break-glass releases: 2',
      'Drills: 2, 1 passed, 1 failed',
      'Sets retired V9QW-DC1K (superseded)',
      'Sheets destroyed 9: 9 of set V9QW-DC1K',
      'Sheets lost 1: 1 of set V9QW-DC1K',
      'Obligations missed: 3',
      `${YEAR_TICKETS[0]} (rel-2026-07-03): rotate 28 h, late by 4 h`,
      'Key use against CloudTrail',
    ]) {
      expect(text, fact).toContain(squash(fact))
    }
    // The summary fits its page: the next section starts after it, on page 2 or 3.
    expect(all[1]! + all[2]!).toMatch(/Controls evidenced/)
  })

  it('maps each summary item to the SOC 2 and ISO 27001 controls it evidences', () => {
    const soc2 = squash(column(yearPdf, 'SOC 2', 'ISO/IEC'))
    const iso = squash(column(yearPdf, 'ISO/IEC 27001:2022'))
    for (const control of ['CC6.1', 'CC6.2', 'CC6.3', 'CC7.2', 'CC7.4']) expect(soc2).toContain(control)
    for (const control of ['A.8.2 Privileged access rights', 'A.5.26 Response to incidents', 'A.16.1.5', 'A.8.15 Logging', 'A.5.30 ICT readiness']) {
      expect(iso).toContain(squash(control))
    }
  })

  it('keeps rendered pages of the year export under test/artifacts/audit for people to look at', () => {
    mkdirSync(ARTIFACTS, { recursive: true })
    for (const f of readdirSync(ARTIFACTS).filter((f) => f.startsWith('year-page-'))) rmSync(join(ARTIFACTS, f))
    tool('pdftoppm', ['-r', '80', '-png', yearPdf, join(ARTIFACTS, 'year-page')])
    const rendered = readdirSync(ARTIFACTS).filter((f) => f.startsWith('year-page-')).sort()
    expect(rendered.length).toBe(pages(yearPdf).length)
    renameSync(join(ARTIFACTS, rendered[1]!), join(ARTIFACTS, 'year-summary.png'))
    copyFileSync(yearPdf, join(ARTIFACTS, 'year-export.pdf'))
  })
})
