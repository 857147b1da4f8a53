// A rendered set of sheets for the sheet tests: split a bundle with a real vault key, print
// the PDF, rasterise it with pdftoppm at 150 dpi like a flatbed scan. Rendered once per file.
// The PDF has each sheet's custody record as the next page; `pages` are the faces (the QR
// sides) in sheet order, `backs` the custody records.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CredentialBundle } from '../../shared/bundle'
import { splitBundle, type SplitResult } from '../../main/core/shares/split'
import { renderSheetsPdf, type SheetSpec } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey, type VaultKey } from '../../main/core/vault/vault-key'
import { hasCustodyBacks, numberBySheet } from '../helpers/sheet-images'

export const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url))

export const BUNDLE: CredentialBundle = {
  kind: 'aws-access-key',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  accountId: '123456789012',
  userName: 'break-glass',
}

export const ISSUED_AT = new Date('2026-03-14T09:00:00Z')

export const CHECKPOINT =
  'custos.example/vault/W6DH\n42\nq83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq8=\n\n' +
  '\u2014 custos.example/vault/W6DH AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGh==\n'

export interface RenderedSet {
  key: VaultKey
  split: SplitResult
  pdfPath: string
  /** pages[i] is the 150-dpi PNG of sheet i+1's face (PDF page 2i+1). */
  pages: string[]
  /** backs[i] is the 150-dpi PNG of sheet i+1's custody record (PDF page 2i+2). */
  backs: string[]
  /** Share index printed on each page. */
  pageIndex: number[]
}

/**
 * Rasterises a sheets PDF: the faces only (odd pages) when it has custody-record backs, so
 * index i is sheet i+1 either way; `which: 'all'` gives every page, backs included.
 */
export function pdftoppm(pdfPath: string, prefix: string, dpi = 150, which: 'faces' | 'all' = 'faces'): string[] {
  const faces = which === 'faces' && hasCustodyBacks(pdfPath)
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', ...(faces ? ['-o'] : []), pdfPath, prefix])
  const dir = join(prefix, '..')
  const base = prefix.slice(dir.length + 1)
  const pages = readdirSync(dir)
    .filter((f) => f.startsWith(base + '-') && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f))
  return faces ? numberBySheet(pages, dir, base) : pages
}

export async function renderSet(
  dir: string,
  options: { threshold?: number; total?: number; copies?: number; label?: string; key?: VaultKey; spec?: Partial<SheetSpec> } = {},
): Promise<RenderedSet> {
  const key = options.key ?? generateVaultKey()
  const copies = options.copies ?? 1
  const split = splitBundle(
    { bundle: BUNDLE, threshold: options.threshold ?? 3, total: options.total ?? 5, label: options.label, copies },
    key,
  )
  // Every copy is its own signed sheet (format 2): print each copy's payload.
  const pdf = await renderSheetsPdf({ payloads: split.sheets.map((s) => s.payload), issuedAt: ISSUED_AT, copies, ...options.spec })
  mkdirSync(dir, { recursive: true })
  const pdfPath = join(dir, 'sheets.pdf')
  writeFileSync(pdfPath, pdf)
  const all = pdftoppm(pdfPath, join(dir, 'page'), 150, 'all')
  const withBacks = options.spec?.custodyBacks !== false
  const pages = withBacks ? all.filter((_, i) => i % 2 === 0) : all
  const backs = withBacks ? all.filter((_, i) => i % 2 === 1) : []
  const pageIndex = pages.map((_, i) => Math.floor(i / copies) + 1)
  return { key, split, pdfPath, pages, backs, pageIndex }
}

/** Keeps a file under test/artifacts/ for a person to look at. */
export function keepArtifact(file: string, name: string): void {
  mkdirSync(ARTIFACTS, { recursive: true })
  copyFileSync(file, join(ARTIFACTS, name))
}

/** zbarimg's reading of an image: each symbol's text, or [] when it finds none. */
export function zbarimg(image: string): string[] {
  try {
    const out = execFileSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', image], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    return out.split('\n').filter((line) => line.length > 0)
  } catch {
    return [] // zbarimg exits 4 when it finds no symbol
  }
}
