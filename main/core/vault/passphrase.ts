// Where the passphrase that unlocks the signing keys comes from: the host says (a terminal
// prompt, the desktop's OS key store); otherwise the file named by CUSTOS_PASSPHRASE_FILE.
import { readFileSync } from 'node:fs'
import { CustosError } from '../../../shared/errors'

export type PassphrasePurpose = 'unlock' | 'create'

/** Returns the passphrase, synchronously (signing happens inside a logbook transaction). */
export type PassphraseSource = (purpose: PassphrasePurpose) => string

export const MIN_PASSPHRASE_LENGTH = 12

let hostSource: PassphraseSource | undefined

/** The CLI and the desktop app say once, at start, how they ask; core never asks a person itself. */
export function setPassphraseSource(source: PassphraseSource | undefined): void {
  hostSource = source
}

export function vaultPassphrase(purpose: PassphrasePurpose): string {
  const passphrase = (hostSource ?? passphraseFromEnv)(purpose)
  if (purpose === 'create' && passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new CustosError(
      'PASSPHRASE_REQUIRED',
      `The passphrase protecting the vault keys must have at least ${MIN_PASSPHRASE_LENGTH} characters (it has ${passphrase.length}). Choose a longer one.`,
    )
  }
  return passphrase
}

/** The passphrase file named by CUSTOS_PASSPHRASE_FILE (for scripts and CI): its first line. */
export function passphraseFromEnv(_purpose: PassphrasePurpose, env: NodeJS.ProcessEnv = process.env): string {
  const file = env.CUSTOS_PASSPHRASE_FILE
  if (!file) {
    throw new CustosError(
      'PASSPHRASE_REQUIRED',
      'The vault keys are protected by a passphrase, and none was given. Run this at a terminal to be asked for it, ' +
        'or set CUSTOS_PASSPHRASE_FILE to a file (readable only by you) that holds it. ' +
        'Without it nothing can be recorded; in an emergency a quorum still recovers the credential from the sheets on any machine.',
    )
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new CustosError(
      'PASSPHRASE_REQUIRED',
      `CUSTOS_PASSPHRASE_FILE names ${file}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Point it at the file that holds the passphrase.`,
      { path: file },
    )
  }
  const passphrase = text.split(/\r?\n/)[0] ?? ''
  if (!passphrase) throw new CustosError('PASSPHRASE_REQUIRED', `The passphrase file ${file} is empty. Put the passphrase on its first line.`, { path: file })
  return passphrase
}

/** Passphrases that unlocked a vault key in this process, by the key's fingerprint. */
const proven = new Map<string, string>()

/** Called when a passphrase has unlocked (or sealed) a vault key: its other keys are sealed under it too. */
export function markPassphraseProven(fingerprint: string, passphrase: string): void {
  proven.set(fingerprint, passphrase)
}

/**
 * The vault's passphrase, once it has unlocked the vault key (unlocking it first if needed):
 * the audit keys are sealed only under a passphrase known to be the vault's.
 */
export function provenPassphrase(vaultKey: { fingerprint: string; toPrivatePem(): string }): string {
  if (!proven.has(vaultKey.fingerprint)) vaultKey.toPrivatePem()
  return proven.get(vaultKey.fingerprint) ?? vaultPassphrase('unlock')
}
