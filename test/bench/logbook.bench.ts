// Logbook benchmark: durable single-entry appends per second (WAL, synchronous=FULL, one
// transaction each) and verification time for 100k entries. One JSON object per line.
// Run: npx tsx test/bench/logbook.bench.ts [entries=100000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { openLogbook } from '../../main/core/logbook/logbook-store'
import type { VaultEvent } from '../../shared/events'

const total = Number(process.argv[2] ?? 100_000)
const key = generateVaultKey()
const event = (i: number): VaultEvent => ({
  type: 'set.issued',
  setId: ('00000000' + i.toString(32).toUpperCase()).slice(-8).replace(/[ILOU]/g, 'X'),
  threshold: 3,
  total: 5,
  label: `bench set ${i}`,
  vaultFingerprint: key.fingerprint,
  shareFingerprints: ['0123456789ABCDEF', '0123456789ABCDEG', '0123456789ABCDEH', '0123456789ABCDEJ', '0123456789ABCDEK'],
})
const emit = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n')

// 0. What this disk allows: bare SQLite commits with the same durability settings, no
// hashing or signing. The logbook's rate cannot exceed this; compare the two figures.
{
  const dir = mkdtempSync(join(tmpdir(), 'custos-bench-baseline-'))
  const db = new Database(join(dir, 'baseline.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT')
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
  const n = 3000
  const t0 = performance.now()
  for (let i = 0; i < n; i++) db.transaction(() => insert.run('x'.repeat(400))).immediate()
  const seconds = (performance.now() - t0) / 1000
  db.close()
  rmSync(dir, { recursive: true, force: true })
  emit({ bench: 'logbook.append-baseline', entries: n, seconds: +seconds.toFixed(3), perSecond: Math.round(n / seconds), note: 'bare SQLite insert+commit, WAL+synchronous=FULL: the disk fsync ceiling' })
}

// 1. Durable single-entry appends: each one is its own committed, fsynced transaction.
{
  const dir = mkdtempSync(join(tmpdir(), 'custos-bench-append-'))
  const log = openLogbook(dir, key, { create: true })
  const n = 3000
  const t0 = performance.now()
  for (let i = 0; i < n; i++) log.append('bench', event(i))
  const seconds = (performance.now() - t0) / 1000
  log.close()
  rmSync(dir, { recursive: true, force: true })
  emit({ bench: 'logbook.append', entries: n, seconds: +seconds.toFixed(3), perSecond: Math.round(n / seconds), durability: 'WAL+synchronous=FULL, one transaction per entry', dir: tmpdir(), target: '>=1000/s' })
}

// 2. Verification of `total` entries (built in batches; batching does not change what is stored).
{
  const dir = mkdtempSync(join(tmpdir(), 'custos-bench-verify-'))
  let log = openLogbook(dir, key, { create: true })
  const t0 = performance.now()
  for (let done = 0; done < total; ) {
    const batch = Array.from({ length: Math.min(1000, total - done) }, (_, j) => event(done + j))
    log.appendAll('bench', batch)
    done += batch.length
  }
  emit({ bench: 'logbook.build', entries: total, seconds: +((performance.now() - t0) / 1000).toFixed(3), perSecond: Math.round(total / ((performance.now() - t0) / 1000)), note: 'appendAll, 1000 entries per transaction' })
  log.close()

  const t1 = performance.now()
  log = openLogbook(dir, key) // a read-write open verifies (head mode) before it returns
  emit({ bench: 'logbook.open', entries: total, seconds: +((performance.now() - t1) / 1000).toFixed(3) })

  const t2 = performance.now()
  const head = log.verify()
  emit({ bench: 'logbook.verify', entries: total, signatures: 'head', ok: head.ok, signaturesChecked: head.signaturesChecked, seconds: +((performance.now() - t2) / 1000).toFixed(3), target: '<=2s' })

  const t3 = performance.now()
  const all = log.verify([], { signatures: 'all' })
  emit({ bench: 'logbook.verify-full', entries: total, signatures: 'all', ok: all.ok, signaturesChecked: all.signaturesChecked, seconds: +((performance.now() - t3) / 1000).toFixed(3) })

  const t4 = performance.now()
  const state = log.state()
  emit({ bench: 'logbook.fold', entries: total, sets: Object.keys(state.sets).length, seconds: +((performance.now() - t4) / 1000).toFixed(3) })
  log.close()
  rmSync(dir, { recursive: true, force: true })
}
