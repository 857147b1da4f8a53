// Where better-sqlite3's Electron build lives. In development scripts/ensure-native.mjs puts
// it in .native/electron/ so the Node build in node_modules stays for the tests; packaged
// builds have node_modules/better-sqlite3 rebuilt for Electron by electron-builder.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export const ELECTRON_NATIVE_DIR = join('.native', 'electron')
export const BETTER_SQLITE3_BINARY = 'better_sqlite3.node'

export function electronNativeBinding(appPath: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined
  const candidate = join(appPath, ELECTRON_NATIVE_DIR, BETTER_SQLITE3_BINARY)
  return existsSync(candidate) ? candidate : undefined
}
