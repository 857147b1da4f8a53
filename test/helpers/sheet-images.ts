// Renders a sheets PDF to PNG pages with poppler's pdftoppm, as a scanner would see them.
// Each sheet's custody record is the page after its face; by default only the faces (the
// sides with the QR code) are rendered, so page i is sheet i+1 whether or not backs exist.
import { execFileSync } from 'node:child_process'
import { readdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'

/** Whether a sheets PDF has custody-record backs: its page 2 is a custody record. */
export function hasCustodyBacks(pdf: string): boolean {
  try {
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    return /Custody record: share/.test(text)
  } catch {
    return false // a one-page PDF has no page 2
  }
}

export function renderPdfPages(pdf: string, outDir: string, prefix: string, dpi = 100, which: 'faces' | 'all' = 'faces'): string[] {
  const facesOnly = which === 'faces' && hasCustodyBacks(pdf)
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', ...(facesOnly ? ['-o'] : []), pdf, join(outDir, prefix)])
  const pages = readdirSync(outDir)
    .filter((f) => f.startsWith(prefix + '-') && f.endsWith('.png'))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)![1]) - Number(/-(\d+)\.png$/.exec(b)![1]))
    .map((f) => join(outDir, f))
  return facesOnly ? numberBySheet(pages, outDir, prefix) : pages
}

/** Renames the faces pdftoppm numbered by page (1, 3, 5, ...) to sheet numbers, padded as pdftoppm pads. */
export function numberBySheet(faces: string[], outDir: string, prefix: string): string[] {
  const width = String(faces.length).length
  return faces.map((from, i) => {
    const to = join(outDir, `${prefix}-${String(i + 1).padStart(width, '0')}.png`)
    if (to !== from) renameSync(from, to)
    return to
  })
}
