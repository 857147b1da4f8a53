// The vault's identity on disk: vault.json (public metadata) and vault-key.sealed (the
// Ed25519 private key sealed under the passphrase, 0600). No credential or share is stored here.
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'
import { generateVaultKey, lockedVaultKey, vaultKeyFromPem, type VaultKey } from './vault-key'
import { isSealedKeyText, openSealedKey, sealPrivateKey } from './key-file'
import { markPassphraseProven, vaultPassphrase } from './passphrase'
import { recordVaultCreated } from '../logbook/record'

export const VAULT_FILE = 'vault.json'
export const VAULT_KEY_FILE = 'vault-key.sealed'
/** Vaults made before keys were sealed: a plaintext PKCS#8 key, still read (never written). */
export const LEGACY_VAULT_KEY_FILE = 'vault-key.pem'
const VAULT_KEY_PURPOSE = 'vault-key'

const VaultFile = z.object({
  format: z.literal('custos-vault'),
  version: z.literal(1),
  name: z.string().min(1),
  createdAt: z.string(),
  publicKey: z.string(),
  fingerprint: z.string(),
  /** The log this vault began (origin and entry 1's hash): another or an emptied log is refused. */
  logbook: z.object({ origin: z.string(), firstHash: z.string() }).optional(),
})
export type VaultInfo = z.infer<typeof VaultFile>

export interface OpenVault {
  dataDir: string
  info: VaultInfo
  key: VaultKey
}

export function vaultExists(dataDir: string): boolean {
  return existsSync(join(dataDir, VAULT_FILE))
}

/**
 * Creates a vault atomically: everything is built in a temporary directory beside the target
 * and renamed into place, so an interrupted init leaves either nothing or a complete vault.
 * The target must be new or an empty directory; it ends up owner-only (0700).
 */
export function initVault(dataDir: string, name: string, clock: Clock, owner?: string): OpenVault {
  const trimmed = name.trim()
  if (!trimmed) throw new CustosError('USAGE', 'Give the vault a name with --name, for example --name "Payments prod".')
  const target = resolve(dataDir)
  if (vaultExists(target)) {
    throw new CustosError(
      'VAULT_EXISTS',
      `A vault already exists in ${dataDir}. Use it, or choose another --data-dir for a new vault.`,
      { dataDir },
    )
  }
  refuseNonEmpty(target)
  // Asked before anything is made: without a passphrase there is no vault, not half of one.
  const passphrase = vaultPassphrase('create')
  const parent = dirname(target)
  removeStaleInits(parent, basename(target))
  let temp: string
  try {
    mkdirSync(parent, { recursive: true, mode: 0o700 })
    temp = mkdtempSync(join(parent, `.${basename(target)}.init-`)) // 0700
  } catch (error) {
    throw new CustosError(
      'USAGE',
      `Cannot create the vault in ${dataDir}: its parent directory ${parent} is not writable (${(error as NodeJS.ErrnoException).code ?? 'error'}). Choose another --data-dir.`,
      { dataDir },
    )
  }
  try {
    const key = generateVaultKey()
    // The key goes first and exclusively: a half-made vault never has metadata without its key.
    writeFileSync(join(temp, VAULT_KEY_FILE), sealPrivateKey(key.toPrivatePem(), passphrase, VAULT_KEY_PURPOSE), { mode: 0o600, flag: 'wx' })
    markPassphraseProven(key.fingerprint, passphrase)
    // The logbook's entry 1 records the vault; vault.json then anchors the vault to it.
    // The person who sets the vault up is its first entry's actor, when they gave their name.
    const first = recordVaultCreated(temp, key, trimmed, clock, owner?.trim() || undefined)
    const info: VaultInfo = {
      format: 'custos-vault',
      version: 1,
      name: trimmed,
      createdAt: clock.now().toISOString(),
      publicKey: Buffer.from(key.raw).toString('base64'),
      fingerprint: key.fingerprint,
      logbook: first,
    }
    writeFileSync(join(temp, VAULT_FILE), JSON.stringify(info, null, 2) + '\n', { mode: 0o644, flag: 'wx' })
    for (const file of readdirSync(temp)) syncPath(join(temp, file))
    syncPath(temp)
    // rename(2) replaces an empty directory: the vault appears whole, or not at all.
    renameSync(temp, target)
    syncPath(parent)
    return { dataDir, info, key }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    if (error instanceof CustosError) throw error
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw new CustosError('VAULT_EXISTS', `${dataDir} was filled while the vault was being created; nothing was made. Choose an empty --data-dir.`, { dataDir })
    }
    throw new CustosError('LOG_WRITE_FAILED', `Could not create the vault in ${dataDir} (${code ?? 'error'}); nothing was made. Check the disk and try again.`, { dataDir })
  }
}

/** A vault goes into a new or empty directory only: files there may be someone's half-restored vault. */
function refuseNonEmpty(target: string): void {
  let names: string[]
  try {
    if (!statSync(target).isDirectory()) throw new CustosError('USAGE', `${target} is a file, not a directory. Choose a --data-dir for the vault.`)
    names = readdirSync(target)
  } catch (error) {
    if (error instanceof CustosError) throw error
    return // does not exist yet
  }
  if (names.length === 0) return
  const vaultFiles = names.filter((n) => n === VAULT_KEY_FILE || n === LEGACY_VAULT_KEY_FILE || n.startsWith('logbook'))
  throw new CustosError(
    'VAULT_EXISTS',
    vaultFiles.length
      ? `${target} holds vault files (${vaultFiles.join(', ')}) but no vault.json: it is a damaged or half-restored vault. ` +
          'Restore the whole data directory from your backup (and verify its logbook), or choose another folder for a new vault.'
      : `${target} is not empty (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}). A vault is created in a new or empty directory; choose another folder.`,
    { dataDir: target },
  )
}

/** Temporary directories left by an init that was killed: never a vault in use, and they hold an unused key. */
function removeStaleInits(parent: string, name: string): void {
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    return
  }
  for (const n of names) {
    if (n.startsWith(`.${name}.init-`)) rmSync(join(parent, n), { recursive: true, force: true })
  }
}

function syncPath(path: string): void {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    fsyncSync(fd)
  } catch {
    // fsync of a directory is not supported everywhere (Windows); the rename is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Anchors a vault made before vault.json recorded its log (first open that verifies). */
export function anchorVaultLog(dataDir: string, anchor: { origin: string; firstHash: string }): void {
  const path = join(dataDir, VAULT_FILE)
  const raw = readJson(path)
  if (!raw || typeof raw !== 'object' || (raw as { logbook?: unknown }).logbook) return
  const temp = `${path}.${process.pid}.tmp`
  try {
    writeFileSync(temp, JSON.stringify({ ...(raw as object), logbook: anchor }, null, 2) + '\n', { mode: statSync(path).mode & 0o777 })
    syncPath(temp)
    renameSync(temp, path)
  } catch {
    rmSync(temp, { force: true }) // best effort: the vault keeps working, unanchored, and tries again next time
  }
}

export function openVault(dataDir: string): OpenVault {
  if (!vaultExists(dataDir)) {
    throw new CustosError(
      'VAULT_NOT_FOUND',
      `No Custos vault in ${dataDir}. Create one there, or choose the folder of an existing vault.`,
      { dataDir },
    )
  }
  const parsed = VaultFile.safeParse(readJson(join(dataDir, VAULT_FILE)))
  if (!parsed.success) {
    throw new CustosError('VAULT_KEY_UNREADABLE', `${join(dataDir, VAULT_FILE)} is damaged. Restore it from your backup.`)
  }
  const key = readVaultKey(dataDir, parsed.data)
  if (key.fingerprint !== parsed.data.fingerprint) {
    throw new CustosError(
      'VAULT_KEY_UNREADABLE',
      `The vault key in ${dataDir} does not belong to this vault (fingerprint ${key.fingerprint}, expected ` +
        `${parsed.data.fingerprint}). Restore the matching key file.`,
    )
  }
  return { dataDir, info: parsed.data, key }
}

/**
 * The sealed key opens only when something must be signed, so reading and verifying never ask
 * for the passphrase; a legacy plaintext key (vaults made before sealing) is still read.
 */
function readVaultKey(dataDir: string, info: VaultInfo): VaultKey {
  const sealedPath = join(dataDir, VAULT_KEY_FILE)
  const legacyPath = join(dataDir, LEGACY_VAULT_KEY_FILE)
  const path = existsSync(sealedPath) || !existsSync(legacyPath) ? sealedPath : legacyPath
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new CustosError(
      'VAULT_KEY_UNREADABLE',
      `The vault key ${sealedPath} is missing or unreadable. Restore it from your backup; ` +
        'without it Custos cannot sign sheets or logbook entries (the sheets still recover the credential on any machine).',
      { path: sealedPath },
    )
  }
  try {
    if (!isSealedKeyText(text)) return vaultKeyFromPem(text)
    return lockedVaultKey(new Uint8Array(Buffer.from(info.publicKey, 'base64')), () => {
      const passphrase = vaultPassphrase('unlock')
      const pem = openSealedKey(text, passphrase, VAULT_KEY_PURPOSE, path)
      markPassphraseProven(info.fingerprint, passphrase)
      return pem
    })
  } catch (error) {
    if (error instanceof CustosError) throw error
    throw new CustosError('VAULT_KEY_UNREADABLE', `The vault key ${path} is damaged. Restore it from your backup.`, { path })
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}
