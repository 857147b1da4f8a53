// The damage a sheet suffers between printer and scanner, made with ImageMagick from a
// 150-dpi page: a crooked photo, blur, heavy JPEG, a small scan, a coffee stain over the QR.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sheetQrBox } from '../../main/core/sheets/sheet-pdf'
import { qrSymbol } from '../../main/core/sheets/qr-symbol'

const run = promisify(execFile)

export const DPI = 150

export interface Degradation {
  name: string
  extension: 'png' | 'jpg'
  /** ImageMagick arguments between the input and output file names. */
  args(blackout: string[]): string[]
}

/** A black square over 20% of the QR symbol's area, in the middle of the symbol. */
export function blackoutArgs(payload: string, hasLabel: boolean): string[] {
  const box = sheetQrBox(hasLabel, qrSymbol(payload).size)
  const px = DPI / 72
  const side = Math.sqrt(0.2) * box.side * px
  const cx = (box.x + box.side / 2) * px
  const cy = (box.y + box.side / 2) * px
  const [x0, y0, x1, y1] = [cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2].map((v) => Math.round(v))
  return ['-fill', 'black', '-draw', `rectangle ${x0},${y0} ${x1},${y1}`]
}

export const DEGRADATIONS: Degradation[] = [
  { name: 'rotate 7 degrees', extension: 'png', args: () => ['-background', 'white', '-rotate', '7'] },
  { name: 'blur 0x1.5', extension: 'png', args: () => ['-blur', '0x1.5'] },
  { name: 'JPEG quality 30', extension: 'jpg', args: () => ['-quality', '30'] },
  { name: '50% scale', extension: 'png', args: () => ['-resize', '50%'] },
  { name: 'black square over 20% of the symbol', extension: 'png', args: (blackout) => blackout },
  {
    name: 'all combined',
    extension: 'jpg',
    args: (blackout) => [...blackout, '-background', 'white', '-rotate', '7', '-blur', '0x1.5', '-resize', '50%', '-quality', '30'],
  },
]

export async function degrade(input: string, output: string, args: string[]): Promise<void> {
  await run('convert', [input, ...args, output])
}
