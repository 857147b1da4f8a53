// Where the sheet fonts live: resources/fonts/ in the source tree (tsx, tests) and next to
// the bundled app; the Electron side passes its resources path explicitly when packaged.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CustosError } from '../../../shared/errors'

const FILES = {
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
  monoBold: 'DejaVuSansMono-Bold.ttf',
} as const

export type SheetFontFiles = { [K in keyof typeof FILES]: string }

/** Walks up from this module to the first resources/fonts holding the sheet fonts. */
export function findFontDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CUSTOS_FONT_DIR) return env.CUSTOS_FONT_DIR
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'resources', 'fonts')
    if (existsSync(join(candidate, FILES.mono))) return candidate
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new CustosError(
    'INTERNAL',
    'The sheet fonts (resources/fonts/DejaVuSansMono.ttf) are missing from this Custos installation. Reinstall Custos.',
  )
}

export function sheetFontFiles(fontDir: string): SheetFontFiles {
  const files = Object.fromEntries(Object.entries(FILES).map(([k, name]) => [k, join(fontDir, name)])) as SheetFontFiles
  const missing = Object.values(files).filter((f) => !existsSync(f))
  if (missing.length > 0) {
    throw new CustosError('INTERNAL', `Sheet fonts are missing: ${missing.join(', ')}. Reinstall Custos.`, { missing })
  }
  return files
}
