// Renders a sheets PDF to PNG pages with poppler's pdftoppm, as a scanner would see them.
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

export function renderPdfPages(pdf: string, outDir: string, prefix: string, dpi = 100): string[] {
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', pdf, join(outDir, prefix)])
  return readdirSync(outDir)
    .filter((f) => f.startsWith(prefix + '-') && f.endsWith('.png'))
    .sort((a, b) => Number(/-(\d+)\.png$/.exec(a)![1]) - Number(/-(\d+)\.png$/.exec(b)![1]))
    .map((f) => join(outDir, f))
}
