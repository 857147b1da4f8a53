// Photos and scans of sheets as share inputs for combine: each QR code found becomes one
// input named after its image, so every later message points at the right picture.
import { CustosError } from '../../../shared/errors'
import type { ShareInput } from '../shares/combine'
import { decodeQrFromImage } from './qr-decode'

/** Names each decoded text after its image ("photo.jpg", or "photo.jpg, QR 2 of 3"). */
export function shareInputsFromDecoded(source: string, texts: string[]): ShareInput[] {
  return texts.map((payload, i) => ({
    source: texts.length === 1 ? source : `${source}, QR ${i + 1} of ${texts.length}`,
    payload: payload.trim(),
  }))
}

/** Decodes one image into share inputs; refuses an image in which no QR code can be read. */
export async function shareInputsFromImage(source: string, bytes: Uint8Array): Promise<ShareInput[]> {
  const texts = await decodeQrFromImage(bytes, source)
  if (texts.length === 0) {
    throw new CustosError(
      'SHARE_QR_NOT_FOUND',
      `No QR code could be read in ${source}. Photograph the sheet again, flat, in good light, with the whole ` +
        'QR code in the picture; or type the groups printed under "Typed share".',
      { source },
    )
  }
  return shareInputsFromDecoded(source, texts)
}
