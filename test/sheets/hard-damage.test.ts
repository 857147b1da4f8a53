// Sheets through damage that defeated every decoder before the clean-up fallbacks (blur,
// rotation + blur, faded ink with salt-and-pepper noise, a black square with rotation and
// blur): real sheet PDFs, rasterised by pdftoppm, damaged by ImageMagick, read back whole.
// One page per row keeps this quick; `npm run bench` prints the full table at 150 and 300 dpi.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shareInputsFromImage } from '../../main/core/sheets/image-shares'
import { forCleanUp, halve, median3x3, stretchContrast, unsharpMask } from '../../main/core/sheets/image-prepass'
import { decodeQrFromImage } from '../../main/core/sheets/qr-decode'
import { makeTempDir } from '../helpers/temp-dir'
import { HARD_DAMAGE, damageContext, degrade } from './degradations'
import { keepArtifact, pdftoppm, renderSet, type RenderedSet } from './sheet-fixture'

const tmp = makeTempDir('custos-hard-damage-')
let set: RenderedSet
let pages300: string[]

beforeAll(async () => {
  set = await renderSet(join(tmp.path, 'set'), { threshold: 3, total: 5 })
  pages300 = pdftoppm(set.pdfPath, join(tmp.path, 'set', 'page300'), 300)
})

afterAll(() => tmp.cleanup())

const payloadOfPage = (page: number) => set.split.payloads[set.pageIndex[page]! - 1]!

async function damaged(page: number, dpi: 150 | 300, row: (typeof HARD_DAMAGE)[number]): Promise<string> {
  const context = damageContext(payloadOfPage(page), false, dpi)
  const out = join(tmp.path, `${row.name.replace(/\W+/g, '-')}-${dpi}-${page + 1}.${row.extension}`)
  await degrade(dpi === 150 ? set.pages[page]! : pages300[page]!, out, row.args(context.blackout(0.2), context))
  return out
}

describe('sheets through hard damage', () => {
  // A different page for each row, so the rows do not all lean on one symbol.
  HARD_DAMAGE.forEach((row, n) => {
    it(`reads a 150-dpi sheet after: ${row.name}`, { timeout: 240_000 }, async () => {
      // Each run splits a fresh set, so the symbol differs run to run; the target is at least
      // 4 of 5 pages per row (the bench's table), so a page that fails may hand over to the
      // next pages. Two: the sheets of one set share most of their data (the set lines), so
      // a symbol that defeats the decoder can take its neighbour with it (about 1 page in 20
      // after the black square, rotation and blur). Whatever is read must be exactly that
      // page's share, never another text.
      const tried: string[][] = []
      for (const page of [n, (n + 1) % 5, (n + 2) % 5]) {
        const image = await damaged(page, 150, row)
        if (n === 2) keepArtifact(image, 'sheet-page-3-low-contrast-noise-150dpi.png')
        const read = await decodeQrFromImage(readFileSync(image))
        tried.push(read)
        if (read.length > 0) {
          expect(read).toEqual([payloadOfPage(page)])
          break
        }
      }
      expect(tried.some((read) => read.length === 1), `no page read after ${row.name}`).toBe(true)
    })
  })

  it('reads a 300-dpi sheet with a black square over 20% of the symbol, rotated 15 degrees and blurred', { timeout: 180_000 }, async () => {
    const row = HARD_DAMAGE.find((r) => r.name.startsWith('black square'))!
    // As above: a fresh set each run; a page that fails hands over to the next one.
    let read: string[] = []
    for (const page of [4, 0]) {
      read = await decodeQrFromImage(readFileSync(await damaged(page, 300, row)))
      if (read.length > 0) {
        expect(read).toEqual([payloadOfPage(page)])
        break
      }
    }
    expect(read).toHaveLength(1)
  })

  it('reads a 300-dpi sheet blurred by 6 px, cleaned up at half size', { timeout: 180_000 }, async () => {
    // The same blur as 3 px at 150 dpi: the plain passes fail and the clean-ups run on the
    // page halved (8.7 million pixels is large), which must still read it.
    let read: string[] = []
    for (const page of [1, 2]) {
      const out = join(tmp.path, `blur-6-300-${page + 1}.png`)
      await degrade(pages300[page]!, out, ['-blur', '0x6'])
      read = await decodeQrFromImage(readFileSync(out))
      if (read.length > 0) {
        expect(read).toEqual([payloadOfPage(page)])
        break
      }
    }
    expect(read).toHaveLength(1)
  })

  it('finds nothing in a blank photo, after every fallback, and names it', { timeout: 180_000 }, async () => {
    const blank = join(tmp.path, 'blank.jpg')
    execFileSync('convert', ['-size', '800x1100', 'xc:#e8e4dc', '-seed', '5', '-attenuate', '0.4', '+noise', 'Gaussian', '-quality', '80', blank])
    expect(await decodeQrFromImage(readFileSync(blank))).toEqual([])
    await expect(shareInputsFromImage('desk.jpg', readFileSync(blank))).rejects.toMatchObject({
      code: 'SHARE_QR_NOT_FOUND',
      details: { source: 'desk.jpg' },
    })
  })
})

describe('image clean-ups', () => {
  const image = (width: number, values: number[]) => ({ width, height: values.length / width, data: Uint8Array.from(values) })

  it('a 3x3 median removes an isolated black and an isolated white speck', () => {
    const light = Array(25).fill(200)
    light[6] = 0
    const dark = Array(25).fill(20)
    dark[18] = 255
    expect([...median3x3(image(5, light)).data]).toEqual(Array(25).fill(200))
    expect([...median3x3(image(5, dark)).data]).toEqual(Array(25).fill(20))
  })

  it('halving averages each 2x2 block', () => {
    const halved = halve(image(4, [0, 0, 255, 255, 0, 0, 255, 255, 100, 200, 10, 10, 100, 200, 10, 30]))
    expect({ width: halved.width, height: halved.height, data: [...halved.data] }).toEqual({ width: 2, height: 2, data: [0, 255, 150, 15] })
  })

  it('a large scan is cleaned up at half size, unless its modules are too narrow to halve', () => {
    const large = { width: 3000, height: 2000, data: new Uint8Array(3000 * 2000) }
    expect(forCleanUp(large, []).width).toBe(1500)
    expect(forCleanUp(large, [10.2]).width).toBe(1500)
    expect(forCleanUp(large, [10.2, 5]).width).toBe(3000)
    const page150 = { width: 1240, height: 1754, data: new Uint8Array(1240 * 1754) }
    expect(forCleanUp(page150, [5]).width).toBe(1240)
  })

  it('a contrast stretch maps faded grey ink and paper onto black and white', () => {
    const faded = image(10, [...Array(50).fill(100), ...Array(50).fill(160)])
    expect(new Set(stretchContrast(faded).data)).toEqual(new Set([0, 255]))
  })

  it('an unsharp mask steepens a soft edge and leaves flat areas alone', () => {
    const ramp = [...Array(8).fill(50), 80, 110, 140, 170, ...Array(8).fill(200)]
    const sharpened = unsharpMask(image(20, [...ramp, ...ramp, ...ramp]), 2, 3).data.slice(20, 40)
    expect(sharpened[0]).toBe(50)
    expect(sharpened[19]).toBe(200)
    expect(sharpened[11]! - sharpened[8]!).toBeGreaterThan(170 - 80)
  })
})
