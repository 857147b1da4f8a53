// Where a vault lives: --data-dir, then CUSTOS_DATA_DIR, then the platform's app-data
// folder. The CLI and the desktop app resolve it here so both open the same vault.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Custos')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Custos')
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'custos')
}

export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit || env.CUSTOS_DATA_DIR || defaultDataDir(env))
}
