// The desktop app's passphrase for the vault keys: CUSTOS_PASSPHRASE_FILE when given, else a
// random one kept sealed by the OS key store (Electron safeStorage) in the app's own folder,
// so a copy of the data directory alone never unlocks the keys.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { CustosError } from '../../shared/errors'
import { passphraseFromEnv, type PassphraseSource } from '../core/api'

/** What the app needs of Electron's safeStorage (a port, so tests pass a fake). */
export interface OsKeyStore {
  isEncryptionAvailable(): boolean
  encryptString(text: string): Buffer
  decryptString(sealed: Buffer): string
}

export function appPassphraseSource(store: OsKeyStore, file: string, env: NodeJS.ProcessEnv): PassphraseSource {
  return (purpose) => {
    if (env.CUSTOS_PASSPHRASE_FILE) return passphraseFromEnv(purpose, env)
    if (!store.isEncryptionAvailable()) {
      throw new CustosError(
        'PASSPHRASE_REQUIRED',
        'This system offers no key store to protect the vault keys. Start Custos with CUSTOS_PASSPHRASE_FILE naming a file that holds the passphrase.',
      )
    }
    if (existsSync(file)) {
      try {
        return store.decryptString(readFileSync(file))
      } catch {
        throw new CustosError(
          'PASSPHRASE_WRONG',
          `The system key store cannot open ${file} (another user or machine sealed it). Start Custos with CUSTOS_PASSPHRASE_FILE naming the vault's passphrase.`,
          { path: file },
        )
      }
    }
    if (purpose === 'unlock') {
      throw new CustosError(
        'PASSPHRASE_REQUIRED',
        'This vault was not made by this app on this account, so the key store does not hold its passphrase. Start Custos with CUSTOS_PASSPHRASE_FILE naming it.',
      )
    }
    const passphrase = randomBytes(24).toString('base64url')
    writeFileSync(file, store.encryptString(passphrase), { mode: 0o600, flag: 'wx' })
    return passphrase
  }
}
