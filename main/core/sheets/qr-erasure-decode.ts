// Last-resort QR reading for a symbol zxing found but could not correct: a stain or a
// black marker over the code turns whole regions into errors, and Reed-Solomon corrects
// twice as many erasures as errors. We sample the module grid ourselves, mark solid
// dark or light patches (which real QR data almost never contains) as erasures, and
// decode with them. Whatever this returns still has to pass the payload checksum and the
// vault signature, so a wrong reading can only be refused, never accepted.
// When the corners zxing reports are off by a fraction of a module (blur, rotation), the
// grid is realigned on the function patterns (finders, timing, alignment) and read again;
// each grid is thresholded three ways (Otsu's level, and nudged darker and lighter).
import { createRequire } from 'node:module'
import { blockLayoutH, functionModules, symbolSize, type BlockLayout, type FunctionModules } from './qr-tables'
import { rsDecode } from './reed-solomon'

export interface Point {
  x: number
  y: number
}

/** The four outer corners of the symbol, as zxing reports them. */
export interface Corners {
  topLeft: Point
  topRight: Point
  bottomRight: Point
  bottomLeft: Point
}

export interface GrayImage {
  width: number
  height: number
  /** One byte per pixel, 0 black to 255 white. */
  data: Uint8Array
}

const require = createRequire(import.meta.url)

interface PngModule {
  PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } }
}
interface JpegModule {
  decode(buffer: Uint8Array, options: { useTArray: true; formatAsRGBA: true; maxMemoryUsageInMB?: number }): {
    width: number
    height: number
    data: Uint8Array
  }
}

/** PNG or JPEG bytes to grey levels, transparency laid over white paper. */
export function toGray(bytes: Uint8Array, kind: 'png' | 'jpeg'): GrayImage {
  const rgba =
    kind === 'png'
      ? (require('pngjs') as PngModule).PNG.sync.read(Buffer.from(bytes))
      : (require('jpeg-js') as JpegModule).decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 })
  const data = new Uint8Array(rgba.width * rgba.height)
  for (let i = 0, p = 0; i < data.length; i++, p += 4) {
    const luma = (rgba.data[p]! * 299 + rgba.data[p + 1]! * 587 + rgba.data[p + 2]! * 114) / 1000
    const alpha = rgba.data[p + 3]! / 255
    data[i] = Math.round(luma * alpha + 255 * (1 - alpha))
  }
  return { width: rgba.width, height: rgba.height, data }
}

/** Maps the unit square onto the symbol's quadrilateral (a projective transform). */
function squareToQuad(c: Corners): (u: number, v: number) => Point {
  const [x0, y0, x1, y1, x2, y2, x3, y3] = [
    c.topLeft.x, c.topLeft.y, c.topRight.x, c.topRight.y, c.bottomRight.x, c.bottomRight.y, c.bottomLeft.x, c.bottomLeft.y,
  ] as const
  const dx3 = x0 - x1 + x2 - x3
  const dy3 = y0 - y1 + y2 - y3
  const dx1 = x1 - x2
  const dx2 = x3 - x2
  const dy1 = y1 - y2
  const dy2 = y3 - y2
  const denominator = dx1 * dy2 - dx2 * dy1
  const a13 = denominator === 0 ? 0 : (dx3 * dy2 - dx2 * dy3) / denominator
  const a23 = denominator === 0 ? 0 : (dx1 * dy3 - dx3 * dy1) / denominator
  const a11 = x1 - x0 + a13 * x1
  const a21 = x3 - x0 + a23 * x3
  const a12 = y1 - y0 + a13 * y1
  const a22 = y3 - y0 + a23 * y3
  return (u, v) => {
    const w = a13 * u + a23 * v + 1
    return { x: (a11 * u + a21 * v + x0) / w, y: (a12 * u + a22 * v + y0) / w }
  }
}

function bilinear(image: GrayImage, x: number, y: number): number {
  const fx = Math.min(Math.max(x - 0.5, 0), image.width - 1.001)
  const fy = Math.min(Math.max(y - 0.5, 0), image.height - 1.001)
  const ix = Math.floor(fx)
  const iy = Math.floor(fy)
  const tx = fx - ix
  const ty = fy - iy
  // Indexed inline, not through a helper closure: this runs for every sample of every grid tried.
  const { data, width } = image
  const i = iy * width + ix
  return data[i]! * (1 - tx) * (1 - ty) + data[i + 1]! * tx * (1 - ty) + data[i + width]! * (1 - tx) * ty + data[i + width + 1]! * tx * ty
}

function otsu(values: Float64Array): number {
  const histogram = new Array<number>(256).fill(0)
  for (const v of values) histogram[Math.min(255, Math.max(0, Math.round(v)))]!++
  const total = values.length
  let sum = 0
  histogram.forEach((count, level) => (sum += count * level))
  let sumBackground = 0
  let weightBackground = 0
  let best = 0
  let threshold = 128
  for (let level = 0; level < 256; level++) {
    weightBackground += histogram[level]!
    if (weightBackground === 0) continue
    const weightForeground = total - weightBackground
    if (weightForeground === 0) break
    sumBackground += level * histogram[level]!
    const meanB = sumBackground / weightBackground
    const meanF = (sum - sumBackground) / weightForeground
    const between = weightBackground * weightForeground * (meanB - meanF) ** 2
    if (between > best) {
      best = between
      threshold = level
    }
  }
  return threshold
}

const MASKS: ((row: number, col: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
]

/** A solid patch this size (modules) marks its area as unreadable. */
const PATCH = 5
/** Modules around a patch also treated as unreadable: its edge cuts through them. */
const PATCH_MARGIN = 1

/**
 * Reads one level-H symbol of the given version inside `corners`, treating solid patches as
 * erasures. Returns the decoded text, or undefined when even that fails. If the corners as
 * given do not read (and `realign` is not false), they are moved by fractions of a module
 * towards the best fit of the symbol's function patterns and the symbol is read again.
 */
export function decodeWithErasures(image: GrayImage, corners: Corners, version: number, realign = true): string | undefined {
  if (!Number.isInteger(version) || version < 1 || version > 40) return undefined
  const symbol = symbolTables(version)
  const first = readGrid(image, corners, symbol)
  if (first !== undefined || !realign) return first
  for (const moved of realignedCorners(image, corners, symbol)) {
    const text = readGrid(image, moved, symbol)
    if (text !== undefined) return text
  }
  return undefined
}

interface SymbolTables {
  version: number
  size: number
  functions: FunctionModules
  order: [number, number][]
  layout: BlockLayout
  /** Indexes and expected colours of the function modules whose colour is known in advance. */
  known: { index: number; dark: boolean }[]
}

function symbolTables(version: number): SymbolTables {
  const size = symbolSize(version)
  const functions = functionModules(version)
  const known: SymbolTables['known'] = []
  functions.expected.forEach((value, index) => {
    if (value !== 255) known.push({ index, dark: value === 1 })
  })
  return { version, size, functions, order: dataModuleOrder(size, functions.reserved), layout: blockLayoutH(version), known }
}

/**
 * Grey-level offsets from Otsu's threshold tried on every grid, in this order: blur lightens
 * a thin dark module among light ones (and darkens the opposite), so a threshold nudged
 * either way can turn enough misread modules back for Reed-Solomon to do the rest.
 */
const THRESHOLD_NUDGES = [0, 10, -10]

function readGrid(image: GrayImage, corners: Corners, symbol: SymbolTables): string | undefined {
  const { size, order, layout } = symbol
  if (order.length < layout.totalCodewords * 8) return undefined
  const map = squareToQuad(corners)
  const levels = new Float64Array(size * size)
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const p = map((col + 0.5) / size, (row + 0.5) / size)
      levels[row * size + col] = bilinear(image, p.x, p.y)
    }
  }
  const threshold = otsu(levels)
  for (const nudge of THRESHOLD_NUDGES) {
    const text = readModules(Uint8Array.from(levels, (v) => (v <= threshold + nudge ? 1 : 0)), symbol)
    if (text !== undefined) return text
  }
  return undefined
}

/** Decodes one thresholded grid (1 = dark), trying each data mask. */
function readModules(dark: Uint8Array, symbol: SymbolTables): string | undefined {
  const { size, order, layout, version } = symbol
  const erased = markPatches(dark, size)
  for (const mask of MASKS) {
    const codewords = new Array<number>(layout.totalCodewords).fill(0)
    const erasedCodeword = new Array<boolean>(layout.totalCodewords).fill(false)
    for (let bit = 0; bit < layout.totalCodewords * 8; bit++) {
      const [row, col] = order[bit]!
      const index = row * size + col
      const value = dark[index]! ^ (mask(row, col) ? 1 : 0)
      const cw = bit >> 3
      codewords[cw] = (codewords[cw]! << 1) | value
      if (erased[index]) erasedCodeword[cw] = true
    }
    const data = deinterleaveAndCorrect(codewords, erasedCodeword, layout)
    if (!data) continue
    const text = parseSegments(data, version)
    if (text !== undefined) return text
  }
  return undefined
}

/**
 * How well a grid fits the image: the mean grey of the function modules that must be light
 * minus that of the ones that must be dark. Modules under a solid patch add nothing either way.
 */
function patternFit(image: GrayImage, corners: Corners, symbol: SymbolTables): number {
  const map = squareToQuad(corners)
  let light = 0
  let darkSum = 0
  let lightCount = 0
  let darkCount = 0
  for (const { index, dark } of symbol.known) {
    const row = Math.floor(index / symbol.size)
    const col = index % symbol.size
    const p = map((col + 0.5) / symbol.size, (row + 0.5) / symbol.size)
    const level = bilinear(image, p.x, p.y)
    if (dark) {
      darkSum += level
      darkCount++
    } else {
      light += level
      lightCount++
    }
  }
  return light / Math.max(1, lightCount) - darkSum / Math.max(1, darkCount)
}

const CORNER_KEYS = ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'] as const
const DIRECTIONS = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
] as const

/**
 * Corner sets to try after the given one: a hill climb that moves one corner at a time by
 * half, a quarter and an eighth of a module while the function patterns fit better, each
 * improvement yielded (the best fit is not always the one that reads).
 */
function* realignedCorners(image: GrayImage, corners: Corners, symbol: SymbolTables): Generator<Corners> {
  const moduleSize = Math.hypot(corners.topRight.x - corners.topLeft.x, corners.topRight.y - corners.topLeft.y) / symbol.size
  if (!(moduleSize > 0)) return
  let current = corners
  let fit = patternFit(image, current, symbol)
  for (const fraction of [0.5, 0.25, 0.125]) {
    const step = moduleSize * fraction
    for (let round = 0; round < 12; round++) {
      let best: Corners | undefined
      let bestFit = fit
      for (const key of CORNER_KEYS) {
        for (const [dx, dy] of DIRECTIONS) {
          const moved = { ...current, [key]: { x: current[key].x + dx * step, y: current[key].y + dy * step } }
          const f = patternFit(image, moved, symbol)
          if (f > bestFit) {
            bestFit = f
            best = moved
          }
        }
      }
      if (!best) break
      current = best
      fit = bestFit
      yield current
    }
  }
}

function markPatches(dark: Uint8Array, size: number): Uint8Array {
  // Summed-area table, so every PATCH x PATCH window is counted in constant time.
  const sums = new Int32Array((size + 1) * (size + 1))
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      sums[(r + 1) * (size + 1) + c + 1] =
        dark[r * size + c]! + sums[r * (size + 1) + c + 1]! + sums[(r + 1) * (size + 1) + c]! - sums[r * (size + 1) + c]!
    }
  }
  const erased = new Uint8Array(size * size)
  const full = PATCH * PATCH
  for (let r = 0; r + PATCH <= size; r++) {
    for (let c = 0; c + PATCH <= size; c++) {
      const count =
        sums[(r + PATCH) * (size + 1) + c + PATCH]! - sums[r * (size + 1) + c + PATCH]! - sums[(r + PATCH) * (size + 1) + c]! + sums[r * (size + 1) + c]!
      if (count !== 0 && count !== full) continue
      for (let rr = Math.max(0, r - PATCH_MARGIN); rr < Math.min(size, r + PATCH + PATCH_MARGIN); rr++) {
        for (let cc = Math.max(0, c - PATCH_MARGIN); cc < Math.min(size, c + PATCH + PATCH_MARGIN); cc++) erased[rr * size + cc] = 1
      }
    }
  }
  return erased
}

/** Data module coordinates in placement order (ISO/IEC 18004 7.7.3): up and down in column pairs from the right. */
function dataModuleOrder(size: number, reserved: Uint8Array): [number, number][] {
  const order: [number, number][] = []
  let upward = true
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--
    for (let step = 0; step < size; step++) {
      const row = upward ? size - 1 - step : step
      for (let c = 0; c < 2; c++) if (!reserved[row * size + col - c]) order.push([row, col - c])
    }
    upward = !upward
  }
  return order
}

function deinterleaveAndCorrect(codewords: number[], erased: boolean[], layout: BlockLayout): number[] | undefined {
  const blocks = layout.dataPerBlock.map(() => ({ bytes: [] as number[], erasures: [] as number[] }))
  let k = 0
  const longest = Math.max(...layout.dataPerBlock)
  const push = (b: number) => {
    const block = blocks[b]!
    if (erased[k]) block.erasures.push(block.bytes.length)
    block.bytes.push(codewords[k++]!)
  }
  for (let i = 0; i < longest; i++) for (let b = 0; b < blocks.length; b++) if (i < layout.dataPerBlock[b]!) push(b)
  for (let i = 0; i < layout.ecPerBlock; i++) for (let b = 0; b < blocks.length; b++) push(b)
  const data: number[] = []
  for (const block of blocks) {
    const corrected = rsDecode(block.bytes, layout.ecPerBlock, block.erasures)
    if (!corrected) return undefined
    data.push(...corrected)
  }
  return data
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'

/** Numeric, alphanumeric and byte segments: what a Custos sheet (and most QR codes) use. */
function parseSegments(bytes: number[], version: number): string | undefined {
  let bit = 0
  const available = bytes.length * 8
  const read = (n: number): number | undefined => {
    if (bit + n > available) return undefined
    let value = 0
    for (let i = 0; i < n; i++, bit++) value = (value << 1) | ((bytes[bit >> 3]! >> (7 - (bit & 7))) & 1)
    return value
  }
  const sizeClass = version < 10 ? 0 : version < 27 ? 1 : 2
  let text = ''
  for (;;) {
    const mode = available - bit < 4 ? 0 : read(4)!
    if (mode === 0) return text
    if (mode === 2) {
      let count = read([9, 11, 13][sizeClass]!)
      if (count === undefined) return undefined
      for (; count >= 2; count -= 2) {
        const pair = read(11)
        if (pair === undefined || pair >= 45 * 45) return undefined
        text += ALPHANUMERIC[Math.floor(pair / 45)]! + ALPHANUMERIC[pair % 45]!
      }
      if (count === 1) {
        const single = read(6)
        if (single === undefined || single >= 45) return undefined
        text += ALPHANUMERIC[single]!
      }
    } else if (mode === 4) {
      const count = read([8, 16, 16][sizeClass]!)
      if (count === undefined) return undefined
      const raw: number[] = []
      for (let i = 0; i < count; i++) {
        const byte = read(8)
        if (byte === undefined) return undefined
        raw.push(byte)
      }
      text += new TextDecoder('utf-8').decode(Uint8Array.from(raw))
    } else if (mode === 1) {
      let count = read([10, 12, 14][sizeClass]!)
      if (count === undefined) return undefined
      for (; count >= 3; count -= 3) {
        const group = read(10)
        if (group === undefined || group > 999) return undefined
        text += String(group).padStart(3, '0')
      }
      if (count > 0) {
        const rest = read(count === 2 ? 7 : 4)
        if (rest === undefined) return undefined
        text += String(rest).padStart(count, '0')
      }
    } else {
      return undefined
    }
  }
}
