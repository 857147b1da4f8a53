// What the running Electron needs from disk that Node finds by itself: better-sqlite3's
// Electron build and, when packaged, the fonts the sheet and audit PDFs embed. In development
// scripts/ensure-native.mjs puts the Electron build in .native/electron/ so the Node build in
// node_modules stays for the tests; packaged builds have node_modules/better-sqlite3 rebuilt
// for Electron by electron-builder, and resources/fonts copied to <resources>/fonts.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const ELECTRON_NATIVE_DIR = join('.native', 'electron')
export const BETTER_SQLITE3_BINARY = 'better_sqlite3.node'
/** Where electron-builder's extraResources puts resources/fonts (electron-builder.yml). */
export const PACKAGED_FONT_DIR = 'fonts'

export function electronNativeBinding(appPath: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined
  const candidate = join(appPath, ELECTRON_NATIVE_DIR, BETTER_SQLITE3_BINARY)
  return existsSync(candidate) ? candidate : undefined
}

/** The packaged app's fonts folder; in development core finds resources/fonts in the checkout. */
export function packagedFontDir(isPackaged: boolean, resourcesPath: string = process.resourcesPath): string | undefined {
  return isPackaged ? join(resourcesPath, PACKAGED_FONT_DIR) : undefined
}

/** The packaged app's copy of the recovery kit (extraResources); in development core finds out/recovery-kit. */
export function packagedRecoveryKitDir(isPackaged: boolean, resourcesPath: string = process.resourcesPath): string | undefined {
  return isPackaged ? join(resourcesPath, 'recovery-kit') : undefined
}
