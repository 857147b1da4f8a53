// Cheap clean-ups of a grey image for QR codes the plain reader could not read: an unsharp
// mask undoes a soft focus or a shaky hand, a 3x3 median removes salt-and-pepper specks
// (a photocopier, a noisy phone sensor) and a contrast stretch lifts a faded print. Each
// runs in linear time over the pixels; they are only tried after the plain decode fails,
// and on a large image (a 300-dpi page, a phone photo) at half size.
import type { GrayImage } from './qr-erasure-decode'

/** Box radii whose three passes approximate a Gaussian of this sigma (Kovesi's method). */
function boxRadii(sigma: number): number[] {
  const ideal = Math.sqrt((12 * sigma * sigma) / 3 + 1)
  let lower = Math.floor(ideal)
  if (lower % 2 === 0) lower--
  const upper = lower + 2
  const m = Math.round((12 * sigma * sigma - 3 * lower * lower - 12 * lower - 9) / (-4 * lower - 4))
  return [0, 1, 2].map((i) => ((i < m ? lower : upper) - 1) / 2)
}

/** One horizontal box-blur pass with edge clamping, from `src` into `dst`; then transposed. */
function boxBlurTranspose(src: Float32Array, dst: Float32Array, width: number, height: number, radius: number): void {
  const span = 2 * radius + 1
  for (let y = 0; y < height; y++) {
    const row = y * width
    let sum = 0
    for (let x = -radius; x <= radius; x++) sum += src[row + Math.min(width - 1, Math.max(0, x))]!
    for (let x = 0; x < width; x++) {
      dst[x * height + y] = sum / span
      sum += src[row + Math.min(width - 1, x + radius + 1)]! - src[row + Math.max(0, x - radius)]!
    }
  }
}

function gaussianBlur(image: GrayImage, sigma: number): Float32Array {
  const { width, height } = image
  const a = Float32Array.from(image.data)
  const b = new Float32Array(a.length)
  for (const radius of boxRadii(sigma)) {
    // Horizontal then (after the transpose) vertical: two transposes bring the axes back.
    boxBlurTranspose(a, b, width, height, radius)
    boxBlurTranspose(b, a, height, width, radius)
  }
  return a
}

const clampByte = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v))

/** original + amount x (original - blurred): edges a blur softened become steep again. */
export function unsharpMask(image: GrayImage, sigma: number, amount: number): GrayImage {
  const blurred = gaussianBlur(image, sigma)
  const data = new Uint8Array(image.data.length)
  for (let i = 0; i < data.length; i++) data[i] = clampByte(image.data[i]! + amount * (image.data[i]! - blurred[i]!))
  return { width: image.width, height: image.height, data }
}

/** Each pixel becomes the median of its 3x3 neighbourhood (edges clamped). */
export function median3x3(image: GrayImage): GrayImage {
  const { width, height, data: src } = image
  const data = new Uint8Array(src.length)
  const at = (x: number, y: number) => src[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The exact median of nine by a 19-exchange sorting network (Paeth; Devillard opt_med9).
      let p0 = at(x - 1, y - 1), p1 = at(x, y - 1), p2 = at(x + 1, y - 1)
      let p3 = at(x - 1, y), p4 = at(x, y), p5 = at(x + 1, y)
      let p6 = at(x - 1, y + 1), p7 = at(x, y + 1), p8 = at(x + 1, y + 1)
      let t: number
      if (p1 > p2) { t = p1; p1 = p2; p2 = t }
      if (p4 > p5) { t = p4; p4 = p5; p5 = t }
      if (p7 > p8) { t = p7; p7 = p8; p8 = t }
      if (p0 > p1) { t = p0; p0 = p1; p1 = t }
      if (p3 > p4) { t = p3; p3 = p4; p4 = t }
      if (p6 > p7) { t = p6; p6 = p7; p7 = t }
      if (p1 > p2) { t = p1; p1 = p2; p2 = t }
      if (p4 > p5) { t = p4; p4 = p5; p5 = t }
      if (p7 > p8) { t = p7; p7 = p8; p8 = t }
      if (p0 > p3) { t = p0; p0 = p3; p3 = t }
      if (p5 > p8) { t = p5; p5 = p8; p8 = t }
      if (p4 > p7) { t = p4; p4 = p7; p7 = t }
      if (p3 > p6) { t = p3; p3 = p6; p6 = t }
      if (p1 > p4) { t = p1; p1 = p4; p4 = t }
      if (p2 > p5) { t = p2; p2 = p5; p5 = t }
      if (p4 > p7) { t = p4; p4 = p7; p7 = t }
      if (p4 > p2) { t = p4; p4 = p2; p2 = t }
      if (p6 > p4) { t = p6; p6 = p4; p4 = t }
      if (p4 > p2) { t = p4; p4 = p2; p2 = t }
      data[y * width + x] = p4
    }
  }
  return { width, height, data }
}

/** Maps the 1st..99th percentile of grey levels onto 0..255, so faded ink reads as black. */
export function stretchContrast(image: GrayImage): GrayImage {
  const histogram = new Uint32Array(256)
  for (const v of image.data) histogram[v]!++
  const cut = image.data.length / 100
  let low = 0
  for (let seen = 0; low < 255 && seen + histogram[low]! <= cut; low++) seen += histogram[low]!
  let high = 255
  for (let seen = 0; high > 0 && seen + histogram[high]! <= cut; high--) seen += histogram[high]!
  if (high <= low) return image
  const scale = 255 / (high - low)
  const lut = Uint8Array.from({ length: 256 }, (_, v) => clampByte((v - low) * scale))
  return { width: image.width, height: image.height, data: image.data.map((v) => lut[v]!) }
}

/** Half the width and height, each pixel the mean of a 2x2 block (an odd last row or column is dropped). */
export function halve(image: GrayImage): GrayImage {
  const width = image.width >> 1
  const height = image.height >> 1
  const { data: src, width: w } = image
  const data = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    const top = 2 * y * w
    for (let x = 0; x < width; x++) {
      const i = top + 2 * x
      data[y * width + x] = (src[i]! + src[i + 1]! + src[i + w]! + src[i + w + 1]! + 2) >> 2
    }
  }
  return { width, height, data }
}

/**
 * Above this many pixels (a page scanned at 300 dpi is 8.7 million, a phone photo 12) the
 * clean-ups run on the image halved: four times cheaper, and the 3 px blur and 3x3 median
 * they are tuned for suit modules of 4 px and more, which halving such an image still leaves.
 */
export const LARGE_IMAGE_PIXELS = 6_000_000
/** Modules this wide or wider (in pixels) are still 4 px wide after halving. */
const MIN_MODULE_TO_HALVE = 8

/**
 * The image the clean-ups should work on: halved when it is large and the symbols zxing
 * located (if any) have modules wide enough to survive it, otherwise as it is.
 * `moduleSizes` are the module widths in pixels of the symbols located so far.
 */
export function forCleanUp(image: GrayImage, moduleSizes: number[]): GrayImage {
  if (image.width * image.height < LARGE_IMAGE_PIXELS) return image
  if (moduleSizes.some((size) => size < MIN_MODULE_TO_HALVE)) return image
  return halve(image)
}

/** Grey to the RGBA pixmap zxing-wasm reads directly (no re-encoding as PNG). */
export function toPixmap(image: GrayImage): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(image.data.length * 4)
  for (let i = 0, p = 0; i < image.data.length; i++, p += 4) {
    const v = image.data[i]!
    data[p] = v
    data[p + 1] = v
    data[p + 2] = v
    data[p + 3] = 255
  }
  return { width: image.width, height: image.height, data }
}

export interface Prepass {
  name: string
  apply(image: GrayImage): GrayImage
}

/** Tried in this order after the plain decode fails: blur is the commonest damage. */
export const PREPASSES: Prepass[] = [
  { name: 'unsharp mask', apply: (image) => unsharpMask(image, 2, 3) },
  { name: 'median and contrast stretch', apply: (image) => stretchContrast(median3x3(image)) },
  { name: 'median, contrast stretch and unsharp mask', apply: (image) => unsharpMask(stretchContrast(median3x3(image)), 2, 2) },
]
