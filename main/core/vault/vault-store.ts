// The vault's identity on disk: vault.json (public metadata) and vault-key.pem (the
// Ed25519 private key, mode 0600). No secret credential and no share is ever stored here.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CustosError } from '../../../shared/errors'
import type { Clock } from '../clock'
import { generateVaultKey, vaultKeyFromPem, type VaultKey } from './vault-key'
import { recordVaultCreated } from '../logbook/record'

export const VAULT_FILE = 'vault.json'
export const VAULT_KEY_FILE = 'vault-key.pem'

const VaultFile = z.object({
  format: z.literal('custos-vault'),
  version: z.literal(1),
  name: z.string().min(1),
  createdAt: z.string(),
  publicKey: z.string(),
  fingerprint: z.string(),
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

export function initVault(dataDir: string, name: string, clock: Clock): OpenVault {
  const trimmed = name.trim()
  if (!trimmed) throw new CustosError('USAGE', 'Give the vault a name with --name, for example --name "Payments prod".')
  if (vaultExists(dataDir)) {
    throw new CustosError(
      'VAULT_EXISTS',
      `A vault already exists in ${dataDir}. Use it, or choose another --data-dir for a new vault.`,
      { dataDir },
    )
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const key = generateVaultKey()
  const info: VaultInfo = {
    format: 'custos-vault',
    version: 1,
    name: trimmed,
    createdAt: clock.now().toISOString(),
    publicKey: Buffer.from(key.raw).toString('base64'),
    fingerprint: key.fingerprint,
  }
  // The key goes first and exclusively: a half-made vault never has metadata without its key.
  writeFileSync(join(dataDir, VAULT_KEY_FILE), key.toPrivatePem(), { mode: 0o600, flag: 'wx' })
  // The logbook's entry 1 records the vault before vault.json exists: if it cannot be written,
  // no vault is made (fail closed).
  recordVaultCreated(dataDir, key, trimmed, clock)
  writeFileSync(join(dataDir, VAULT_FILE), JSON.stringify(info, null, 2) + '\n', { mode: 0o644, flag: 'wx' })
  return { dataDir, info, key }
}

export function openVault(dataDir: string): OpenVault {
  if (!vaultExists(dataDir)) {
    throw new CustosError(
      'VAULT_NOT_FOUND',
      `No Custos vault in ${dataDir}. Create one with "custos init --data-dir ${dataDir} --name NAME", ` +
        'or point --data-dir (or CUSTOS_DATA_DIR) at an existing vault.',
      { dataDir },
    )
  }
  const parsed = VaultFile.safeParse(readJson(join(dataDir, VAULT_FILE)))
  if (!parsed.success) {
    throw new CustosError('VAULT_KEY_UNREADABLE', `${join(dataDir, VAULT_FILE)} is damaged. Restore it from your backup.`)
  }
  let key: VaultKey
  try {
    key = vaultKeyFromPem(readFileSync(join(dataDir, VAULT_KEY_FILE), 'utf8'))
  } catch {
    throw new CustosError(
      'VAULT_KEY_UNREADABLE',
      `The vault key ${join(dataDir, VAULT_KEY_FILE)} is missing or unreadable. Restore it from your backup; ` +
        'without it Custos cannot sign sheets or logbook entries.',
    )
  }
  if (key.fingerprint !== parsed.data.fingerprint) {
    throw new CustosError(
      'VAULT_KEY_UNREADABLE',
      `The vault key in ${dataDir} does not belong to this vault (fingerprint ${key.fingerprint}, expected ` +
        `${parsed.data.fingerprint}). Restore the matching key file.`,
    )
  }
  return { dataDir, info: parsed.data, key }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return undefined
  }
}
