// Sheet benchmarks, one JSON object per line: PDF generation for 5 shares x 2 copies,
// decode time per 150-dpi page (our zxing-wasm decoder and zbarimg), and the degradation
// table: every row of DAMAGE_TABLE at 150 and 300 dpi, pages read of 5 by Custos and zbarimg,
// with the table's wall time. The table is also printed as text on stderr.
// Run: npx tsx test/bench/sheets.bench.ts (or npm run bench -- sheets)
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { splitBundle } from '../../main/core/shares/split'
import { decodeQrFromImage } from '../../main/core/sheets/qr-decode'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { DAMAGE_TABLE, damageContext, degrade, type Degradation } from '../sheets/degradations'
import { BUNDLE, ISSUED_AT, pdftoppm, zbarimg } from '../sheets/sheet-fixture'

const run = promisify(execFile)
const emit = (record: Record<string, unknown>) => process.stdout.write(JSON.stringify(record) + '\n')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round = (ms: number) => Math.round(ms * 10) / 10

// ImageMagick and zbarimg run two at a time beside our decoder (see degradationTable); one
// thread each keeps them from fighting over the two cores.
process.env.MAGICK_THREAD_LIMIT ??= '1'

/** zbarimg as a child process that does not block our decoder: each symbol's text, or []. */
async function zbarimgAsync(image: string): Promise<string[]> {
  try {
    const { stdout } = await run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', image], { encoding: 'utf8' })
    return stdout.split('\n').filter((line) => line.length > 0)
  } catch {
    return [] // zbarimg exits 4 when it finds no symbol
  }
}

/** Runs `jobs` with at most `width` at once, in order of the list. */
function pool(width: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: (() => void)[] = []
  return async (job) => {
    // A finishing job hands its place straight to the next in line, so none can slip past.
    if (active >= width) await new Promise<void>((resolve) => waiting.push(resolve))
    else active++
    try {
      return await job()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}

interface PageResult {
  custos: boolean
  zbarimg: boolean
  custosMs: number
}

/**
 * Every row at every resolution, 5 pages each. Each page is damaged (ImageMagick), read by
 * zbarimg, then read by Custos; two pages are in flight at once, so while our decoder runs
 * on one page (in this process) ImageMagick or zbarimg works on the next in a child: two
 * cores busy, never three. Our decodes never overlap each other, so their times are fair.
 */
async function degradationTable(dir: string, sources: Map<number, { page: string; payload: string }[]>): Promise<void> {
  const slot = pool(2)
  const ours = pool(1)
  let serial = 0
  const readPage = (dpi: number, degradation: Degradation, source: { page: string; payload: string }) =>
    slot(async (): Promise<PageResult> => {
      const context = damageContext(source.payload, true, dpi)
      const out = join(dir, `d-${serial++}.${degradation.extension}`)
      await degrade(source.page, out, degradation.args(context.blackout(0.2), context))
      const theirs = await zbarimgAsync(out)
      const bytes = readFileSync(out)
      const result = await ours(async () => {
        const start = performance.now()
        const texts = await decodeQrFromImage(bytes)
        return { custos: texts.includes(source.payload), custosMs: performance.now() - start }
      })
      rmSync(out, { force: true })
      return { ...result, zbarimg: theirs.includes(source.payload) }
    })

  const start = performance.now()
  // Queued in table order; each row is reported as soon as its pages are read.
  const rows = [...sources.entries()].flatMap(([dpi, pages]) =>
    DAMAGE_TABLE.map((degradation) => ({ dpi, degradation, results: Promise.all(pages.map((page) => readPage(dpi, degradation, page))) })),
  )
  const lines: string[] = []
  const summary: Record<string, { rows: number; met: number }> = {}
  for (const { dpi, degradation, results } of rows) {
    const pages = await results
    const n = pages.length
    const ok = pages.filter((p) => p.custos).length
    const zbarOk = pages.filter((p) => p.zbarimg).length
    const decodeMs = pages.map((p) => p.custosMs)
    const met = ok >= 4
    emit({ bench: 'sheets.degradation', dpi, degradation: degradation.name, pages: n, custos: `${ok}/${n}`, zbarimg: `${zbarOk}/${n}`, target: `>=4/${n}`, met, custosMedianMs: round(median(decodeMs)), custosMaxMs: round(Math.max(...decodeMs)) })
    lines.push(`${String(dpi).padStart(3)} dpi  ${degradation.name.padEnd(55)} custos ${ok}/${n}  zbarimg ${zbarOk}/${n}  ${met ? 'met' : 'NOT MET'}  (custos median ${Math.round(median(decodeMs))} ms)`)
    const tally = (summary[`${dpi}dpi`] ??= { rows: 0, met: 0 })
    tally.rows++
    if (met) tally.met++
  }
  const wallMs = performance.now() - start
  emit({ bench: 'sheets.degradation-table', rowsMet: summary, allMet: Object.values(summary).every((s) => s.met === s.rows), wallSeconds: Math.round(wallMs / 100) / 10 })
  process.stderr.write(`\nDegradation table (pages read of 5; target >=4 in every row), ${Math.round(wallMs / 1000)} s\n${lines.join('\n')}\n\n`)
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-sheets-bench-'))
  try {
    const key = generateVaultKey()
    const split = splitBundle({ bundle: BUNDLE, threshold: 3, total: 5, label: 'Payments prod', copies: 2 }, key)
    // Every copy is its own signed sheet, printed in this order (share 1 copy 1, share 1 copy 2, ...).
    const sheetPayloads = split.sheets.map((s) => s.payload)
    const spec = { payloads: sheetPayloads, issuedAt: ISSUED_AT, copies: 2 }

    const times: number[] = []
    let pdf: Buffer = Buffer.alloc(0)
    for (let i = 0; i < 5; i++) {
      const start = performance.now()
      pdf = await renderSheetsPdf(spec)
      times.push(performance.now() - start)
    }
    const pdfPath = join(dir, 'sheets.pdf')
    writeFileSync(pdfPath, pdf)
    const pages = pdftoppm(pdfPath, join(dir, 'page'), 150, 'all')
    emit({ bench: 'sheets.pdf-generation', shares: 5, copies: 2, sheets: sheetPayloads.length, pages: pages.length, firstMs: round(times[0]!), medianMs: round(median(times)), targetMs: 2000, bytes: pdf.length })

    // Which pages are sheet faces is read off the pages, not assumed: a page with a QR code
    // (read by either decoder) is a face, and faces come in sheet order. Other pages (a
    // custody record printed on the back) must yield nothing.
    await decodeQrFromImage(readFileSync(pages[0]!)) // load the .wasm once, outside the timing
    const read = [] as { ours: string[]; oursMs: number; theirs: string[]; theirsMs: number }[]
    for (const page of pages) {
      const bytes = readFileSync(page)
      let start = performance.now()
      const ours = await decodeQrFromImage(bytes)
      const oursMs = performance.now() - start
      start = performance.now()
      const theirs = zbarimg(page)
      read.push({ ours, oursMs, theirs, theirsMs: performance.now() - start })
    }
    const faces = read.flatMap((r, i) => (r.ours.length + r.theirs.length > 0 ? [i] : []))
    if (faces.length !== sheetPayloads.length) {
      throw new Error(`Expected ${sheetPayloads.length} pages with a QR code in the sheets PDF, found ${faces.length} (pages ${faces.map((p) => p + 1).join(', ')}).`)
    }
    const onFaces = faces.map((page, sheet) => ({ ...read[page]!, payload: sheetPayloads[sheet]! }))
    for (const [decoder, ok, ms] of [
      ['custos (zxing-wasm)', onFaces.filter((f) => f.ours.includes(f.payload)).length, onFaces.map((f) => f.oursMs)],
      ['zbarimg (process incl. start-up)', onFaces.filter((f) => f.theirs.includes(f.payload)).length, onFaces.map((f) => f.theirsMs)],
    ] as const) {
      emit({ bench: 'sheets.decode-150dpi-page', decoder, pages: faces.length, read: ok, medianMs: round(median([...ms])), maxMs: round(Math.max(...ms)) })
    }
    const backs = read.filter((_, i) => !faces.includes(i))
    if (backs.length > 0) {
      // A custodian may scan both sides: how long Custos takes to conclude a page has no QR code.
      const ms = backs.map((b) => b.oursMs)
      emit({ bench: 'sheets.decode-150dpi-page-without-qr', decoder: 'custos (zxing-wasm)', pages: backs.length, foundNothing: backs.filter((b) => b.ours.length === 0).length, medianMs: round(median(ms)), maxMs: round(Math.max(...ms)) })
    }

    // Copy 1 of every share (sheets 1, 3, 5, 7, 9), each damaged the same way, at both resolutions;
    // at 300 dpi only those five pages are rasterised.
    const firstCopies = [0, 2, 4, 6, 8]
    const sources = new Map<number, { page: string; payload: string }[]>()
    sources.set(150, firstCopies.map((sheet) => ({ page: pages[faces[sheet]!]!, payload: sheetPayloads[sheet]! })))
    const render300 = pool(2)
    sources.set(
      300,
      await Promise.all(
        firstCopies.map((sheet) =>
          render300(async () => {
            const number = String(faces[sheet]! + 1)
            const prefix = join(dir, `page300-${number}`)
            await run('pdftoppm', ['-r', '300', '-f', number, '-l', number, '-singlefile', '-png', pdfPath, prefix])
            return { page: `${prefix}.png`, payload: sheetPayloads[sheet]! }
          }),
        ),
      ),
    )
    if (backs.length > 0) {
      const back = join(dir, 'back300')
      const number = String(read.findIndex((_, i) => !faces.includes(i)) + 1)
      await run('pdftoppm', ['-r', '300', '-f', number, '-l', number, '-singlefile', '-png', pdfPath, back])
      const start = performance.now()
      const found = await decodeQrFromImage(readFileSync(`${back}.png`))
      emit({ bench: 'sheets.decode-300dpi-page-without-qr', decoder: 'custos (zxing-wasm)', pages: 1, foundNothing: found.length === 0 ? 1 : 0, ms: round(performance.now() - start) })
    }
    await degradationTable(dir, sources)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
