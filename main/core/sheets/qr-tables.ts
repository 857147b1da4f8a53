// The few QR Code (ISO/IEC 18004) facts the erasure decoder needs for level-H symbols:
// block structure per version and the function-pattern layout. Vendored so that recovery
// never depends on a library's private modules. The tables and the layout rules are taken
// from node-qrcode 1.5.4 (lib/core/error-correction-code.js, utils.js, alignment-pattern.js,
// version.js, qrcode.js; MIT licence, Copyright (c) 2012 Ryan Day), which transcribes ISO/IEC
// 18004 tables 1 and 9 and annex E; test/sheets/qr-tables.test.ts pins them against the encoder.

/** Total codewords (data + error correction) per version 1..40; index 0 unused. */
const TOTAL_CODEWORDS = [
  0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346, 404, 466, 532, 581, 655, 733, 815, 901, 991, 1085, 1156, 1258, 1364, 1474,
  1588, 1706, 1828, 1921, 2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706,
] as const

/** Error-correction blocks at level H per version 1..40; index 0 unused. */
const BLOCKS_H = [
  0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63,
  66, 70, 74, 77, 81,
] as const

/** Error-correction codewords in all blocks together at level H per version 1..40; index 0 unused. */
const EC_CODEWORDS_H = [
  0, 17, 28, 44, 64, 88, 112, 130, 156, 192, 224, 264, 308, 352, 384, 432, 480, 532, 588, 650, 700, 750, 816, 900, 960, 1050, 1110,
  1200, 1260, 1350, 1440, 1530, 1620, 1710, 1800, 1890, 1980, 2100, 2220, 2310, 2430,
] as const

export interface BlockLayout {
  totalCodewords: number
  ecPerBlock: number
  /** Data codewords of each block, short blocks first (ISO/IEC 18004 7.5.2). */
  dataPerBlock: number[]
}

export const symbolSize = (version: number): number => 17 + 4 * version

/** How a level-H symbol of this version splits its codewords into Reed-Solomon blocks. */
export function blockLayoutH(version: number): BlockLayout {
  const total = TOTAL_CODEWORDS[version]!
  const blocks = BLOCKS_H[version]!
  const ecTotal = EC_CODEWORDS_H[version]!
  const dataTotal = total - ecTotal
  const shortBlocks = blocks - (dataTotal % blocks)
  const shortData = Math.floor(dataTotal / blocks)
  const dataPerBlock = Array.from({ length: blocks }, (_, i) => (i < shortBlocks ? shortData : shortData + 1))
  return { totalCodewords: total, ecPerBlock: ecTotal / blocks, dataPerBlock }
}

/** Row/column centres of the alignment patterns (annex E), as node-qrcode computes them. */
export function alignmentCoordinates(version: number): number[] {
  if (version === 1) return []
  const count = Math.floor(version / 7) + 2
  const size = symbolSize(version)
  const interval = size === 145 ? 26 : Math.ceil((size - 13) / (2 * count - 2)) * 2
  const positions = [size - 7]
  for (let i = 1; i < count - 1; i++) positions[i] = positions[i - 1]! - interval
  positions.push(6)
  return positions.reverse()
}

/** The 18-bit version information (BCH(18,6), generator 0x1F25) for versions 7 and up. */
export function versionInfoBits(version: number): number {
  const generator = 0x1f25
  const degree = (n: number) => 32 - Math.clz32(n)
  let d = version << 12
  while (degree(d) - degree(generator) >= 0) d ^= generator << (degree(d) - degree(generator))
  return (version << 12) | d
}

export interface FunctionModules {
  size: number
  /** 1 where the module belongs to a function pattern or format/version information, not data. */
  reserved: Uint8Array
  /**
   * The known colour of each function module (1 dark, 0 light), or 255 where it is not
   * known in advance (the format information, which depends on the mask) or is data.
   */
  expected: Uint8Array
}

/** Finder patterns and separators, timing, alignment, format and version areas of a symbol. */
export function functionModules(version: number): FunctionModules {
  const size = symbolSize(version)
  const reserved = new Uint8Array(size * size)
  const expected = new Uint8Array(size * size).fill(255)
  const set = (row: number, col: number, value: number | undefined) => {
    reserved[row * size + col] = 1
    expected[row * size + col] = value ?? 255
  }
  for (const [row, col] of [
    [0, 0],
    [size - 7, 0],
    [0, size - 7],
  ] as const) {
    for (let r = -1; r <= 7; r++) {
      if (row + r < 0 || row + r >= size) continue
      for (let c = -1; c <= 7; c++) {
        if (col + c < 0 || col + c >= size) continue
        const ring = (r >= 0 && r <= 6 && (c === 0 || c === 6)) || (c >= 0 && c <= 6 && (r === 0 || r === 6))
        const core = r >= 2 && r <= 4 && c >= 2 && c <= 4
        set(row + r, col + c, ring || core ? 1 : 0)
      }
    }
  }
  for (let i = 8; i < size - 8; i++) {
    set(i, 6, i % 2 === 0 ? 1 : 0)
    set(6, i, i % 2 === 0 ? 1 : 0)
  }
  const coords = alignmentCoordinates(version)
  const last = coords.length - 1
  coords.forEach((row, i) =>
    coords.forEach((col, j) => {
      // The three corners that coincide with finder patterns carry none.
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return
      for (let r = -2; r <= 2; r++) {
        for (let c = -2; c <= 2; c++) set(row + r, col + c, r === -2 || r === 2 || c === -2 || c === 2 || (r === 0 && c === 0) ? 1 : 0)
      }
    }),
  )
  // Format information: both copies, value depends on the mask.
  for (let i = 0; i < 9; i++) {
    if (i !== 6) {
      set(i, 8, undefined)
      set(8, i, undefined)
    }
  }
  for (let i = 0; i < 8; i++) set(8, size - 1 - i, undefined)
  for (let i = 0; i < 7; i++) set(size - 1 - i, 8, undefined)
  set(size - 8, 8, 1) // the dark module
  if (version >= 7) {
    const bits = versionInfoBits(version)
    for (let i = 0; i < 18; i++) {
      const row = Math.floor(i / 3)
      const col = (i % 3) + size - 11
      const value = (bits >> i) & 1
      set(row, col, value)
      set(col, row, value)
    }
  }
  return { size, reserved, expected }
}
