// Where the sheet fonts live: resources/fonts/ in the source tree (tests, out/cli) and, in
// the packaged app, the fonts folder beside the asar that main/app names with setFontDir.
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

let hostFontDir: string | undefined

/**
 * The packaged app's fonts folder (extraResources, under process.resourcesPath): main/app
 * tells core where it is, since core never asks Electron and the asar holds no fonts.
 */
export function setFontDir(dir: string | undefined): void {
  hostFontDir = dir
}

/** The host's fonts folder if it named one, else walks up from this module to the first resources/fonts. */
export function findFontDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CUSTOS_FONT_DIR) return env.CUSTOS_FONT_DIR
  if (hostFontDir) return hostFontDir
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
