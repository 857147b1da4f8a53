// The damage a sheet suffers between printer and scanner, made with ImageMagick from pages
// rendered by pdftoppm: crooked and tilted photos, blur, heavy JPEG, small scans, stains,
// creases, faded ink, noise, photocopies of photocopies, a phone photo on a desk, and
// combinations. Pixel sizes are the same at every resolution, so a 3 px blur is harsher at
// 150 dpi than at 300. Noise is seeded: every run damages the pages the same way.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sheetQrBox } from '../../main/core/sheets/sheet-pdf'
import { qrSymbol } from '../../main/core/sheets/qr-symbol'

const run = promisify(execFile)

export const DPI = 150

/** What a row needs to know about the page it damages. */
export interface DamageContext {
  /** A black square over this fraction of the QR symbol's area, in its middle. */
  blackout(fraction: number): string[]
  /** ImageMagick -draw primitives placed relative to the QR symbol (0..1 across and down). */
  symbolPoint(u: number, v: number): [number, number]
  /** Symbol side in pixels. */
  symbolSide: number
}

export interface Degradation {
  name: string
  extension: 'png' | 'jpg'
  /** ImageMagick arguments between the input and output file names. */
  args(blackout: string[], context: DamageContext): string[]
}

/** Where the QR symbol of a page lies, in pixels of a rendering at `dpi`. */
export function damageContext(payload: string, hasLabel: boolean, dpi = DPI): DamageContext {
  const box = sheetQrBox(hasLabel, qrSymbol(payload).size)
  const px = dpi / 72
  const symbolPoint = (u: number, v: number): [number, number] => [
    Math.round((box.x + u * box.side) * px),
    Math.round((box.y + v * box.side) * px),
  ]
  return {
    symbolSide: box.side * px,
    symbolPoint,
    blackout(fraction) {
      const half = Math.sqrt(fraction) / 2
      const [x0, y0] = symbolPoint(0.5 - half, 0.5 - half)
      const [x1, y1] = symbolPoint(0.5 + half, 0.5 + half)
      return ['-fill', 'black', '-draw', `rectangle ${x0},${y0} ${x1},${y1}`]
    },
  }
}

/** A black square over 20% of the QR symbol's area, in the middle of the symbol. */
export function blackoutArgs(payload: string, hasLabel: boolean, dpi = DPI): string[] {
  return damageContext(payload, hasLabel, dpi).blackout(0.2)
}

const ROTATE = (degrees: number) => ['-background', 'white', '-rotate', String(degrees)]
/** A phone held a little off square: each corner pulled in by 1-4% of the page. */
const TILT = [
  '-virtual-pixel',
  'white',
  '-distort',
  'Perspective',
  '0,0 %[fx:w*0.04],%[fx:h*0.03]  %[fx:w],0 %[fx:w*0.97],%[fx:h*0.01]  %[fx:w],%[fx:h] %[fx:w*0.99],%[fx:h*0.98]  0,%[fx:h] %[fx:w*0.01],%[fx:h*0.96]',
]
const LOW_CONTRAST = ['+level', '35%,65%']
const SALT_AND_PEPPER = ['-seed', '7', '-attenuate', '1.5', '+noise', 'Impulse']
/** One pass through a copier: a little blur, toner threshold, a speck or two. */
const PHOTOCOPY = ['-colorspace', 'gray', '-blur', '0x0.8', '-seed', '3', '-attenuate', '0.3', '+noise', 'Impulse', '-threshold', '55%']

/** The standard set: every sheet must survive all of these (print-and-scan test). */
export const DEGRADATIONS: Degradation[] = [
  { name: 'rotate 7 degrees', extension: 'png', args: () => ROTATE(7) },
  { name: 'blur 0x1.5', extension: 'png', args: () => ['-blur', '0x1.5'] },
  { name: 'JPEG quality 30', extension: 'jpg', args: () => ['-quality', '30'] },
  { name: '50% scale', extension: 'png', args: () => ['-resize', '50%'] },
  { name: 'black square over 20% of the symbol', extension: 'png', args: (blackout) => blackout },
  {
    name: 'all combined',
    extension: 'jpg',
    args: (blackout) => [...blackout, ...ROTATE(7), '-blur', '0x1.5', '-resize', '50%', '-quality', '30'],
  },
]

/** The damage that defeated every decoder before the clean-up fallbacks (issue 18). */
export const HARD_DAMAGE: Degradation[] = [
  { name: 'blur 3 px', extension: 'png', args: () => ['-blur', '0x3'] },
  { name: 'rotate 15 degrees + blur 3 px', extension: 'png', args: () => [...ROTATE(15), '-blur', '0x3'] },
  { name: 'low contrast + salt-and-pepper noise', extension: 'png', args: () => [...LOW_CONTRAST, ...SALT_AND_PEPPER] },
  {
    name: 'black square over 20% + rotate 15 degrees + blur 3 px',
    extension: 'png',
    args: (blackout) => [...blackout, ...ROTATE(15), '-blur', '0x3'],
  },
]

/** The degradation table `npm run bench` prints, at 150 and 300 dpi. */
export const DAMAGE_TABLE: Degradation[] = [
  ...DEGRADATIONS.slice(0, 5),
  { name: 'rotate 15 degrees', extension: 'png', args: () => ROTATE(15) },
  { name: 'perspective (phone held off square)', extension: 'png', args: () => TILT },
  { name: 'JPEG quality 10', extension: 'jpg', args: () => ['-quality', '10'] },
  { name: '30% scale', extension: 'png', args: () => ['-resize', '30%'] },
  { name: 'black square over 30% of the symbol', extension: 'png', args: (_, c) => c.blackout(0.3) },
  {
    name: 'coffee stain over a third of the symbol',
    extension: 'png',
    args: (_, c) => {
      const [cx, cy] = c.symbolPoint(0.7, 0.35)
      const r = Math.round(c.symbolSide * 0.3)
      return ['-fill', 'rgba(110,60,20,0.55)', '-draw', `ellipse ${cx},${cy} ${r},${Math.round(r * 0.8)} 0,360`]
    },
  },
  {
    name: 'crease across the symbol',
    extension: 'png',
    args: (_, c) => {
      const [x0, y0] = c.symbolPoint(-0.1, 0.2)
      const [x1, y1] = c.symbolPoint(1.1, 0.75)
      const width = String(Math.max(2, Math.round(c.symbolSide / 150)))
      return ['-stroke', 'gray45', '-strokewidth', width, '-draw', `line ${x0},${y0} ${x1},${y1}`]
    },
  },
  { name: 'low contrast', extension: 'png', args: () => LOW_CONTRAST },
  { name: 'salt-and-pepper noise', extension: 'png', args: () => SALT_AND_PEPPER },
  { name: 'photocopy of a photocopy', extension: 'png', args: () => [...PHOTOCOPY, ...ROTATE(1.5), ...PHOTOCOPY] },
  {
    name: 'phone photo on a desk',
    extension: 'jpg',
    args: () => [...TILT, '-fill', '#8a6a48', '-colorize', '18%', '-blur', '0x1', '-resize', '70%', '-quality', '60'],
  },
  DEGRADATIONS[5]!,
  ...HARD_DAMAGE,
]

export async function degrade(input: string, output: string, args: string[]): Promise<void> {
  await run('convert', [input, ...args, output])
}
