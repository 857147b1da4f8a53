// The QR tables vendored for the erasure decoder, pinned two ways: to ISO/IEC 18004 values
// written out here, and to what the qrcode encoder actually prints (through its public API),
// so a library update that changed either side would fail here, not in a recovery.
import QRCode from 'qrcode'
import { describe, expect, it } from 'vitest'
import { decodeWithErasures, type GrayImage } from '../../main/core/sheets/qr-erasure-decode'
import { alignmentCoordinates, blockLayoutH, functionModules, symbolSize, versionInfoBits } from '../../main/core/sheets/qr-tables'

const ALL_VERSIONS = Array.from({ length: 40 }, (_, i) => i + 1)

/** Draws a symbol's modules as a clean grey image, `scale` pixels per module, 4 modules of quiet zone. */
function drawSymbol(code: QRCode.QRCode, scale: number): { image: GrayImage; side: number; offset: number } {
  const size = code.modules.size
  const offset = 4 * scale
  const width = (size + 8) * scale
  const data = new Uint8Array(width * width).fill(255)
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!code.modules.get(row, col)) continue
      for (let y = 0; y < scale; y++) data.fill(0, (offset + row * scale + y) * width + offset + col * scale, (offset + row * scale + y) * width + offset + (col + 1) * scale)
    }
  }
  return { image: { width, height: width, data }, side: size * scale, offset }
}

describe('vendored QR tables', () => {
  it('match ISO/IEC 18004 for the block structure, alignment and version information', () => {
    expect(blockLayoutH(1)).toEqual({ totalCodewords: 26, ecPerBlock: 17, dataPerBlock: [9] })
    // Version 20-H: 15 blocks of (43, 15) and 10 of (44, 16).
    expect(blockLayoutH(20)).toEqual({ totalCodewords: 1085, ecPerBlock: 28, dataPerBlock: [...Array(15).fill(15), ...Array(10).fill(16)] })
    // Version 40-H: 20 blocks of (151, 121) and 61 of (152, 122).
    expect(blockLayoutH(40)).toEqual({ totalCodewords: 3706, ecPerBlock: 30, dataPerBlock: [...Array(20).fill(15), ...Array(61).fill(16)] })
    expect(alignmentCoordinates(1)).toEqual([])
    expect(alignmentCoordinates(7)).toEqual([6, 22, 38])
    expect(alignmentCoordinates(32)).toEqual([6, 34, 60, 86, 112, 138])
    expect(alignmentCoordinates(40)).toEqual([6, 30, 58, 86, 114, 142, 170])
    expect(versionInfoBits(7)).toBe(0x07c94)
    expect(versionInfoBits(40)).toBe(0x28c69)
  })

  it('leave exactly room for the codewords in every version (the remainder bits of table 1)', () => {
    const remainder = [0, 0, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0]
    for (const version of ALL_VERSIONS) {
      const dataModules = functionModules(version).reserved.filter((r) => r === 0).length
      expect(dataModules, `version ${version}`).toBe(blockLayoutH(version).totalCodewords * 8 + remainder[version]!)
    }
  })

  it('agree with every function module the qrcode encoder prints, versions 1 to 40', () => {
    for (const version of ALL_VERSIONS) {
      const code = QRCode.create('CUSTOS', { version, errorCorrectionLevel: 'H' })
      const { size, expected } = functionModules(version)
      expect(code.modules.size).toBe(symbolSize(version))
      const wrong: string[] = []
      expected.forEach((value, index) => {
        if (value === 255) return
        const printed = code.modules.get(Math.floor(index / size), index % size) ? 1 : 0
        if (printed !== value) wrong.push(`(${Math.floor(index / size)}, ${index % size})`)
      })
      expect(wrong, `version ${version}`).toEqual([])
    }
  })

  it('read back what the qrcode encoder prints, from small to the largest symbols', () => {
    for (const version of [1, 2, 6, 7, 10, 14, 20, 27, 33, 40]) {
      // The longest alphanumeric text this version holds at level H, less a little.
      const capacity = [10, 20, 35, 50, 64, 84, 93, 122, 143, 174, 200, 227, 259, 283, 321, 365, 408, 452, 493, 557, 587, 640, 672, 744, 779, 864, 910, 958, 1016, 1080, 1150, 1226, 1307, 1394, 1431, 1530, 1591, 1658, 1774, 1852][version - 1]!
      const text = Array.from({ length: capacity - 2 }, (_, i) => 'CUSTOS0123456789:'[i % 17]).join('')
      const code = QRCode.create([{ data: text, mode: 'alphanumeric' }], { version, errorCorrectionLevel: 'H' })
      const { image, side, offset } = drawSymbol(code, 3)
      const corners = {
        topLeft: { x: offset, y: offset },
        topRight: { x: offset + side, y: offset },
        bottomRight: { x: offset + side, y: offset + side },
        bottomLeft: { x: offset, y: offset + side },
      }
      expect(decodeWithErasures(image, corners, version), `version ${version}`).toBe(text)
    }
  })
})
