// Photos and scans of sheets as share inputs for combine: each QR code found becomes one
// input named after its image, so every later message points at the right picture. A scan
// of a sheet's back (its custody record, marked by a small Data Matrix) is told apart from
// a sheet whose QR code cannot be read: the first is set aside by name, the second refused.
import { readBarcodes, type ReaderOptions } from 'zxing-wasm/reader'
import { CustosError } from '../../../shared/errors'
import type { ShareInput } from '../shares/combine'
import { parseCustodyMarker, type CustodyMarker } from './custody-marker'
import { imageKind } from './image-kind'
import { decodeQrFromImage } from './qr-decode'

/** Names each decoded text after its image ("photo.jpg", or "photo.jpg, QR 2 of 3"). */
export function shareInputsFromDecoded(source: string, texts: string[]): ShareInput[] {
  return texts.map((payload, i) => ({
    source: texts.length === 1 ? source : `${source}, QR ${i + 1} of ${texts.length}`,
    payload: payload.trim(),
  }))
}

/** What one image holds: share texts, or (nothing else readable) the custody record of a sheet. */
export type SheetImage = { inputs: ShareInput[]; custodyRecord?: undefined } | { inputs: []; custodyRecord: CustodyMarker }

/**
 * One pass for both kinds of code, as cheap as the QR decoder's own first pass: a clean face
 * is read here, a back page is recognised here without the QR decoder's slow fallbacks.
 */
const TRIAGE: ReaderOptions = {
  formats: ['QRCode', 'DataMatrix'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  tryDownscale: true,
  binarizer: 'LocalAverage',
  maxNumberOfSymbols: 32,
  textMode: 'Plain',
}

/**
 * zxing-wasm is loaded by qr-decode.ts (from the local .wasm, never a CDN); the triage pass
 * runs only once it has, so the first image of a process goes straight to that decoder.
 */
let readerLoaded = false

async function triage(bytes: Uint8Array): Promise<{ texts: string[]; markers: CustodyMarker[] }> {
  if (!readerLoaded || !imageKind(bytes)) return { texts: [], markers: [] }
  const results = (await readBarcodes(bytes, TRIAGE)).filter((r) => r.isValid && r.text)
  return {
    texts: results.filter((r) => r.format === 'QRCode').map((r) => r.text),
    markers: results.flatMap((r) => (r.format === 'DataMatrix' ? [parseCustodyMarker(r.text)].filter((m) => m !== undefined) : [])),
  }
}

/** Decodes one image: its share texts, or the sheet it is the custody record of; refuses an image with neither. */
export async function readSheetImage(source: string, bytes: Uint8Array): Promise<SheetImage> {
  const quick = await triage(bytes)
  if (quick.texts.length > 0) return { inputs: shareInputsFromDecoded(source, quick.texts) }
  if (quick.markers[0]) return { inputs: [], custodyRecord: quick.markers[0] }
  const texts = await decodeQrFromImage(bytes, source)
  readerLoaded = true
  if (texts.length > 0) return { inputs: shareInputsFromDecoded(source, texts) }
  const { markers } = await triage(bytes)
  if (markers[0]) return { inputs: [], custodyRecord: markers[0] }
  throw new CustosError(
    'SHARE_QR_NOT_FOUND',
    `No QR code could be read in ${source}. Photograph the sheet again, flat, in good light, with the whole ` +
      'QR code in the picture; or type the groups printed under "Typed share".',
    { source },
  )
}

/** Decodes one image into share inputs; [] for a sheet's custody record; refuses an image in which no QR code can be read. */
export async function shareInputsFromImage(source: string, bytes: Uint8Array): Promise<ShareInput[]> {
  return (await readSheetImage(source, bytes)).inputs
}

/** "the custody record (back) of share 2 copy 1 of set V5Q0-6ES4": how a skipped back page is named. */
export function describeCustodyRecord(marker: CustodyMarker): string {
  const set = marker.setId.match(/.{1,4}/g)!.join('-')
  return `the custody record (back page) of share ${marker.index} copy ${marker.copy} of set ${set}`
}
