// Sheet benchmarks, one JSON object per line: PDF generation for 5 shares x 2 copies,
// decode time per 150-dpi page (our zxing-wasm decoder and zbarimg), and the degradation
// table: every row of DAMAGE_TABLE at 150 and 300 dpi, pages read of 5 by Custos and zbarimg.
// Run: npx tsx test/bench/sheets.bench.ts (or npm run bench -- sheets)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { splitBundle } from '../../main/core/shares/split'
import { decodeQrFromImage } from '../../main/core/sheets/qr-decode'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { DAMAGE_TABLE, damageContext, degrade } from '../sheets/degradations'
import { BUNDLE, ISSUED_AT, pdftoppm, zbarimg } from '../sheets/sheet-fixture'

const emit = (record: Record<string, unknown>) => process.stdout.write(JSON.stringify(record) + '\n')
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const round = (ms: number) => Math.round(ms * 10) / 10

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-sheets-bench-'))
  try {
    const key = generateVaultKey()
    const split = splitBundle({ bundle: BUNDLE, threshold: 3, total: 5, label: 'Payments prod', copies: 2 }, key)
    // Every copy is its own signed sheet: page p carries sheet p's payload.
    const sheetPayloads = split.sheets.map((s) => s.payload)
    const spec = { payloads: sheetPayloads, issuedAt: ISSUED_AT, copies: 2 }

    const times: number[] = []
    let pdf: Buffer = Buffer.alloc(0)
    for (let i = 0; i < 5; i++) {
      const start = performance.now()
      pdf = await renderSheetsPdf(spec)
      times.push(performance.now() - start)
    }
    emit({ bench: 'sheets.pdf-generation', shares: 5, copies: 2, pages: 10, firstMs: round(times[0]!), medianMs: round(median(times)), targetMs: 2000, bytes: pdf.length })

    const pdfPath = join(dir, 'sheets.pdf')
    writeFileSync(pdfPath, pdf)
    const pages = pdftoppm(pdfPath, join(dir, 'page'))
    const payloadOf = (page: number) => sheetPayloads[page]!

    await decodeQrFromImage(readFileSync(pages[0]!)) // load the .wasm once, outside the timing
    const ours: number[] = []
    const theirs: number[] = []
    let oursOk = 0
    let theirsOk = 0
    for (const [i, page] of pages.entries()) {
      const bytes = readFileSync(page)
      let start = performance.now()
      if ((await decodeQrFromImage(bytes)).includes(payloadOf(i))) oursOk++
      ours.push(performance.now() - start)
      start = performance.now()
      if (zbarimg(page).includes(payloadOf(i))) theirsOk++
      theirs.push(performance.now() - start)
    }
    emit({ bench: 'sheets.decode-150dpi-page', decoder: 'custos (zxing-wasm)', pages: pages.length, read: oursOk, medianMs: round(median(ours)), maxMs: round(Math.max(...ours)) })
    emit({ bench: 'sheets.decode-150dpi-page', decoder: 'zbarimg (process incl. start-up)', pages: pages.length, read: theirsOk, medianMs: round(median(theirs)), maxMs: round(Math.max(...theirs)) })

    // Copy 1 of every share, each damaged the same way, at both resolutions.
    const firstCopies = [0, 2, 4, 6, 8]
    for (const dpi of [150, 300]) {
      const sourcePages = dpi === 150 ? firstCopies.map((p) => pages[p]!) : pdftoppm(pdfPath, join(dir, 'page300'), 300).filter((_, p) => firstCopies.includes(p))
      for (const degradation of DAMAGE_TABLE) {
        let ok = 0
        let zbarOk = 0
        const decodeMs: number[] = []
        for (const [n, page] of sourcePages.entries()) {
          const payload = payloadOf(firstCopies[n]!)
          const context = damageContext(payload, true, dpi)
          const out = join(dir, `d-${n}.${degradation.extension}`)
          await degrade(page, out, degradation.args(context.blackout(0.2), context))
          const start = performance.now()
          if ((await decodeQrFromImage(readFileSync(out))).includes(payload)) ok++
          decodeMs.push(performance.now() - start)
          if (zbarimg(out).includes(payload)) zbarOk++
        }
        const n = sourcePages.length
        emit({ bench: 'sheets.degradation', dpi, degradation: degradation.name, pages: n, custos: `${ok}/${n}`, zbarimg: `${zbarOk}/${n}`, target: `>=4/${n}`, met: ok >= 4, custosMedianMs: round(median(decodeMs)), custosMaxMs: round(Math.max(...decodeMs)) })
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
