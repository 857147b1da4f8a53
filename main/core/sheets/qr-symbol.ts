// The sheet's QR code: the payload as one alphanumeric-mode segment at error-correction
// level H, drawn as vector rectangles so it stays sharp on any printer and at any scale.
import QRCode from 'qrcode'
import { CustosError } from '../../../shared/errors'

/** Characters QR alphanumeric mode can carry; share payloads use only these. */
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]+$/

/** Modules of light margin every reader needs around the symbol (ISO/IEC 18004). */
export const QUIET_ZONE_MODULES = 4

export interface QrSymbol {
  version: number
  /** Modules per side, without the quiet zone. */
  size: number
  isDark(row: number, col: number): boolean
}

export function qrSymbol(payload: string): QrSymbol {
  if (!ALPHANUMERIC.test(payload)) {
    // Byte mode would let readers guess a character set; alphanumeric text comes back byte-exact.
    throw new CustosError('INTERNAL', 'A share payload must be uppercase alphanumeric text to go into a sheet QR code.')
  }
  const code = QRCode.create([{ data: payload, mode: 'alphanumeric' }], { errorCorrectionLevel: 'H' })
  const { size } = code.modules
  return { version: code.version, size, isDark: (row, col) => code.modules.get(row, col) === 1 }
}

/** Something that can collect rectangles into one path and fill it (a PDFKit document). */
export interface RectPath {
  rect(x: number, y: number, w: number, h: number): unknown
}

/**
 * Adds the dark modules to the current path, one rectangle per horizontal run. The caller
 * fills the path once, so renderers see one shape and draw no seams between modules.
 */
export function addQrToPath(path: RectPath, symbol: QrSymbol, x: number, y: number, moduleSize: number): void {
  for (let row = 0; row < symbol.size; row++) {
    let col = 0
    while (col < symbol.size) {
      if (!symbol.isDark(row, col)) {
        col++
        continue
      }
      const start = col
      while (col < symbol.size && symbol.isDark(row, col)) col++
      path.rect(x + start * moduleSize, y + row * moduleSize, (col - start) * moduleSize, moduleSize)
    }
  }
}
