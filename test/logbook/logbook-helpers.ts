// Test helpers for the logbook: temp logs with deterministic keys, direct SQLite access for
// attacks, and a forger that rewrites entries the way an attacker who knows the format would.
import { mkdtempSync } from 'node:fs'
import { createPrivateKey } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { fixedClock } from '../../main/core/clock'
import { entryHash, entrySignatureMessage, genesisHash } from '../../main/core/logbook/entry-hash'
import { logbookPath, openLogbook, type Logbook } from '../../main/core/logbook/logbook-store'
import type { VerifyReport } from '../../main/core/logbook/verify'
import { vaultKeyFromPem, type VaultKey } from '../../main/core/vault/vault-key'
import type { VaultEvent } from '../../shared/events'

export function tempDir(prefix = 'custos-log-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A deterministic Ed25519 vault key from a one-byte seed pattern (for vectors and repeatable tests). */
export function keyFromSeed(byte: number): VaultKey {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.alloc(32, byte)])
  const pem = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString()
  return vaultKeyFromPem(pem)
}

export function vaultCreated(key: VaultKey, name = 'Payments prod'): VaultEvent {
  return { type: 'vault.created', name, fingerprint: key.fingerprint, publicKey: Buffer.from(key.raw).toString('base64') }
}

export function setIssued(key: VaultKey, i: number): VaultEvent {
  const setId = ('0000000' + i.toString(32).toUpperCase()).slice(-8).replace(/[ILOU]/g, 'X')
  return { type: 'set.issued', setId, threshold: 2, total: 3, label: `label-${String(i).padStart(2, '0')}`, vaultFingerprint: key.fingerprint }
}

/** A closed log of `size` entries (vault.created then set.issued) in a fresh directory. */
export function makeLog(size: number, key: VaultKey = keyFromSeed(7)): { dir: string; key: VaultKey; path: string } {
  const dir = tempDir()
  const clock = fixedClock('2026-01-05T09:00:00Z')
  const log = openLogbook(dir, key, { create: true, clock })
  log.append('owner', vaultCreated(key))
  for (let i = 2; i <= size; i++) {
    clock.advance(60_000)
    log.append('owner', setIssued(key, i))
  }
  log.close()
  return { dir, key, path: logbookPath(dir) }
}

export function withLog<T>(dir: string, key: VaultKey, body: (log: Logbook) => T, readOnly = false): T {
  const log = openLogbook(dir, key, { readOnly, clock: fixedClock('2026-02-01T00:00:00Z') })
  try {
    return body(log)
  } finally {
    log.close()
  }
}

/** Verifies the log as an inspector would (read-only open, so a broken log still opens). */
export function inspect(dir: string, key: VaultKey, checkpoints: string[] = [], signatures: 'head' | 'all' = 'head'): VerifyReport {
  return withLog(dir, key, (log) => log.verify(checkpoints, { signatures }), true)
}

/** Opens the SQLite file directly, as an attacker with file access would. */
export function attackerDb(path: string): Database.Database {
  return new Database(path)
}

export function dropGuards(db: Database.Database): void {
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) {
    db.exec(`DROP TRIGGER "${name}"`)
  }
}

interface Row {
  seq: number
  time: string
  actor: string
  type: string
  payload: string
  prev_hash: string
  entry_hash: string
  signer: string
  signature: string
}

/**
 * Rewrites entries from `fromSeq` on: applies `change` to that entry, then recomputes every
 * hash from there and signs each with `signer` (the real key for a fork, another for a forgery).
 */
export function forge(
  path: string,
  fromSeq: number,
  change: (row: Row) => void,
  signer: VaultKey,
  opts: { signerColumn?: string } = {},
): void {
  const db = attackerDb(path)
  try {
    dropGuards(db)
    const origin = (db.prepare("SELECT value FROM logbook_meta WHERE key = 'origin'").get() as { value: string }).value
    const rows = db.prepare('SELECT * FROM entries ORDER BY seq').all() as Row[]
    let prev = fromSeq === 1 ? genesisHash(origin) : rows[fromSeq - 2]!.entry_hash
    const update = db.prepare(
      'UPDATE entries SET time=?, actor=?, type=?, payload=?, prev_hash=?, entry_hash=?, signer=?, signature=? WHERE seq=?',
    )
    for (const row of rows.filter((r) => r.seq >= fromSeq)) {
      if (row.seq === fromSeq) change(row)
      const hash = entryHash({ seq: row.seq, time: row.time, actor: row.actor, type: row.type, payload: row.payload, prevHash: prev })
      const signature = Buffer.from(signer.sign(entrySignatureMessage(hash))).toString('base64')
      update.run(row.time, row.actor, row.type, row.payload, prev, hash, opts.signerColumn ?? signer.fingerprint, signature, row.seq)
      prev = hash
    }
  } finally {
    db.close()
  }
}
