// The events the foundation's own operations record (vault creation, share-set issue), built
// in one place so the CLI and the API log exactly the same thing.
import { userInfo } from 'node:os'
import type { EventOf } from '../../../shared/events'
import type { SetHeader } from '../../../shared/share-format'
import type { Clock } from '../clock'
import type { VaultKey } from '../vault/vault-key'
import { openLogbook, type LogAnchor } from './logbook-store'
import { sharedLogbook } from './shared-logbook'
import { shareFingerprint } from './share-fingerprint'

/** What a set's issue records: header facts and payload fingerprints, never a share or the bundle. */
export function setIssuedEvent(header: SetHeader, payloads: readonly string[], methodId?: string): EventOf<'set.issued'> {
  return {
    type: 'set.issued',
    setId: header.setId,
    threshold: header.threshold,
    total: header.total,
    label: header.label,
    vaultFingerprint: header.vaultFingerprint,
    ...(methodId ? { methodId } : {}),
    shareFingerprints: payloads.map(shareFingerprint),
    ...(header.receiptPublicKey ? { receiptPublicKey: Buffer.from(header.receiptPublicKey).toString('base64') } : {}),
  }
}

/** Creates the vault's logbook with 'vault.created' as entry 1 (custos init); returns its anchor. */
export function recordVaultCreated(dataDir: string, key: VaultKey, name: string, clock: Clock, actor = localActor()): LogAnchor {
  const log = openLogbook(dataDir, key, { clock, create: true })
  try {
    const entry = log.append(actor, {
      type: 'vault.created',
      name,
      fingerprint: key.fingerprint,
      publicKey: Buffer.from(key.raw).toString('base64'),
    })
    return { origin: log.origin, firstHash: entry.hash }
  } finally {
    log.close()
  }
}

/** Who is at the keyboard, as far as this machine knows: CUSTOS_ACTOR, else the OS user name. */
export function localActor(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.CUSTOS_ACTOR?.trim()
  if (named) return named.slice(0, 200)
  return computerAccount() || 'unknown'
}

/** The OS account this process runs under ('' when the OS will not say): an actor that is not a person. */
export function computerAccount(): string {
  try {
    return userInfo().username.slice(0, 200)
  } catch {
    return ''
  }
}

/**
 * Records a freshly split set durably; the caller writes share files or hands out payloads
 * only after this returns (if it throws, nothing of the set may leave memory).
 */
export function recordSetIssued(
  dataDir: string,
  key: VaultKey,
  clock: Clock,
  actor: string,
  header: SetHeader,
  payloads: readonly string[],
  methodId?: string,
): void {
  sharedLogbook(dataDir, key, { clock }).append(actor, setIssuedEvent(header, payloads, methodId))
}
