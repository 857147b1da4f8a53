// Reading QR codes from photos and scans with zxing-wasm. The .wasm file is read from the
// local node_modules copy: zxing-wasm's default fetches it from a CDN, which an air-gapped
// vault must never do (and which fails offline anyway). Images the plain passes cannot read
// fall back to erasure decoding, then to clean-up pre-passes, then to erasure decoding on a
// realigned grid, cheapest first (docs/sheets.md).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { prepareZXingModule, readBarcodes, type ReadResult, type ReaderOptions } from 'zxing-wasm/reader'
import { CustosError } from '../../../shared/errors'
import { PREPASSES, forCleanUp, toPixmap } from './image-prepass'
import { decodeWithErasures, toGray, type GrayImage } from './qr-erasure-decode'

import { imageKind } from './image-kind'

export { imageKind, type ImageKind } from './image-kind'

let prepared: Promise<unknown> | undefined

/** Instantiates the reader from the bundled .wasm once per process. */
function ensureReader(): Promise<unknown> {
  prepared ??= (async () => {
    const require = createRequire(import.meta.url)
    const wasmPath = require.resolve('zxing-wasm/reader/zxing_reader.wasm')
    const wasmBinary = readFileSync(wasmPath)
    const binary = wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength)
    return prepareZXingModule({
      overrides: {
        wasmBinary: binary as ArrayBuffer,
        // Belt and braces: if anything still asks for a file, point it at the local copy, never a URL.
        locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmPath : prefix + path),
      },
      fireImmediately: true,
    })
  })()
  return prepared
}

/**
 * Passes from cheap to thorough: a clean scan decodes on the first; blurred, dark or
 * partly covered photos often need another binarizer or the denoising pass.
 */
const PASSES: ReaderOptions[] = [
  { binarizer: 'LocalAverage' },
  { binarizer: 'GlobalHistogram' },
  { binarizer: 'LocalAverage', tryDenoise: true },
  { binarizer: 'GlobalHistogram', tryDenoise: true },
]

const BASE: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 32,
  textMode: 'Plain',
  // Lets a file stb_image cannot load be told apart from a picture without a QR code.
  returnErrors: true,
}

/**
 * The text of every QR code in a PNG or JPEG image, in reading order (two copies of one
 * sheet in a photo give two entries). Returns []
 * when the image holds no readable QR code; throws SHARE_IMAGE_UNREADABLE for a file
 * that is not a PNG or JPEG image.
 */
export async function decodeQrFromImage(bytes: Uint8Array, source = 'The image'): Promise<string[]> {
  if (!imageKind(bytes)) {
    throw new CustosError(
      'SHARE_IMAGE_UNREADABLE',
      `${source} is not a PNG or JPEG image. Save the photo or scan as PNG or JPEG and try again.`,
      { source },
    )
  }
  await ensureReader()
  const found: ReadResult[] = []
  for (const pass of PASSES) {
    const results = await readBarcodes(bytes, { ...BASE, ...pass })
    if (results.some((r) => /load image|image format|0-pixel/i.test(r.error))) {
      throw new CustosError(
        'SHARE_IMAGE_UNREADABLE',
        `${source} could not be opened as an image: the file is damaged or cut off. Take the photo or scan again.`,
        { source },
      )
    }
    const texts = results.filter((r) => r.isValid && r.text).map((r) => r.text)
    // Later passes are for images where this one found nothing; they cost time on clean scans.
    if (texts.length > 0) return texts
    found.push(...results)
  }
  // Fallbacks, only for images the plain passes could not read (a clean scan never gets here).
  let image: GrayImage
  try {
    image = toGray(bytes, imageKind(bytes)!)
  } catch {
    // zxing opened it but the JS decoders cannot (an exotic PNG or JPEG variant): no fallback.
    return []
  }
  // Cheapest first: the grid where zxing put it; then the clean-ups; and only then the
  // search for a better grid in the image as it is (slow, and rarely what a blurred or
  // speckled image needs: the clean-ups read those sooner).
  const damaged = readDamagedSymbols(image, found, false)
  if (damaged.length > 0) return damaged
  const cleaned = await readCleanedUp(forCleanUp(image, moduleSizes(found)))
  if (cleaned.length > 0) return cleaned
  return readDamagedSymbols(image, found, true)
}

/** Module width in pixels of every QR symbol zxing located (read or not), from its top edge. */
function moduleSizes(results: ReadResult[]): number[] {
  return results.flatMap((r) => {
    const version = Number(r.version)
    if (r.format !== 'QRCode' || !Number.isInteger(version) || version < 1) return []
    const { topLeft, topRight } = r.position
    return [Math.hypot(topRight.x - topLeft.x, topRight.y - topLeft.y) / (17 + 4 * version)]
  })
}

/** Fewer passes than the plain decode: the clean-up has already done the denoising's work. */
const CLEANED_PASSES: ReaderOptions[] = [{ binarizer: 'LocalAverage' }, { binarizer: 'GlobalHistogram' }]

/**
 * Blur, speckle and faded ink: the image cleaned up (PREPASSES, cheapest first) and read
 * again, then the symbols located in the cleaned image read with erasures.
 */
async function readCleanedUp(image: GrayImage): Promise<string[]> {
  for (const prepass of PREPASSES) {
    const cleaned = prepass.apply(image)
    const pixmap = toPixmap(cleaned) as unknown as ImageData
    const found: ReadResult[] = []
    for (const pass of CLEANED_PASSES) {
      const results = await readBarcodes(pixmap, { ...BASE, ...pass })
      const texts = results.filter((r) => r.isValid && r.text).map((r) => r.text)
      if (texts.length > 0) return texts
      found.push(...results)
    }
    const texts = readDamagedSymbols(cleaned, found)
    if (texts.length > 0) return texts
  }
  return []
}

/**
 * Symbols zxing located but could not correct (a stain, a marker stroke): read them again
 * with the solid patches as erasures. Each distinct symbol position is tried once; with
 * `realign` its grid is also moved to fit the function patterns better (see qr-erasure-decode).
 */
function readDamagedSymbols(image: GrayImage, results: ReadResult[], realign = true): string[] {
  const candidates = results.filter((r) => r.format === 'QRCode' && /^\d+$/.test(r.version) && /checksum/i.test(r.error))
  if (candidates.length === 0) return []
  const texts: string[] = []
  const tried: ReadResult['position'][] = []
  for (const candidate of candidates) {
    const p = candidate.position
    if (tried.some((t) => Math.abs(t.topLeft.x - p.topLeft.x) + Math.abs(t.topLeft.y - p.topLeft.y) < 8)) continue
    tried.push(p)
    const text = decodeWithErasures(image, p, Number(candidate.version), realign)
    if (text) texts.push(text)
  }
  return texts
}
