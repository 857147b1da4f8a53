// 1,000 random corruptions of the logbook file and its meta table (bytes, truncation, SQL
// edits, dropped triggers, deleted rows): each ends in a diagnosis (LOG_VERIFY_FAILED, exit 6)
// or a clean open of the full history, never an internal error and never a silent reset.
import { cpSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../main/core/clock'
import { createApi } from '../../main/core/api/create-api'
import { dispatch } from '../../main/core/api/dispatch'
import { exitCodeFor } from '../../main/cli/exit-codes'
import { logbookPath } from '../../main/core/logbook/logbook-store'
import { closeSharedLogbooks } from '../../main/core/logbook/shared-logbook'
import type { ErrorCode } from '../../shared/errors'
import { runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'

const RUNS = 1000
const tmp = makeTempDir('custos-fuzz-')
const base = join(tmp.path, 'base')
let baseSize = 0
let baseHead = ''
const clock = fixedClock('2026-06-01T09:00:00Z')

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Corruption = { name: string; apply(path: string, rnd: () => number): void }
const pick = <T>(rnd: () => number, items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!

function withDb(path: string, body: (db: Database.Database) => void): void {
  const db = new Database(path)
  try {
    body(db)
  } finally {
    db.close()
  }
}
function dropTriggers(db: Database.Database): void {
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${name}"`)
}
const ENTRY_COLUMNS = ['seq', 'time', 'actor', 'type', 'payload', 'prev_hash', 'entry_hash', 'signer', 'signature']
const META_KEYS = ['format', 'version', 'origin', 'genesis_public_key', 'created_at']
const VALUES: (string | number | null | Buffer)[] = ['', 'x', 'mallory', '0'.repeat(64), -1, 0, 1, 2 ** 40, 3.5, '{}', '{"a":1}', Buffer.from([0, 1, 2]), 'custos-logbook', '1', null]

const CORRUPTIONS: Corruption[] = [
  {
    name: 'flip bytes',
    apply(path, rnd) {
      const bytes = readFileSync(path)
      const n = 1 + Math.floor(rnd() * 8)
      for (let i = 0; i < n; i++) {
        const at = Math.floor(rnd() * bytes.length)
        bytes[at] = bytes[at]! ^ (1 + Math.floor(rnd() * 255))
      }
      writeFileSync(path, bytes)
    },
  },
  {
    name: 'flip bytes in the header page',
    apply(path, rnd) {
      const bytes = readFileSync(path)
      const at = Math.floor(rnd() * Math.min(4096, bytes.length))
      bytes[at] = bytes[at]! ^ (1 + Math.floor(rnd() * 255))
      writeFileSync(path, bytes)
    },
  },
  { name: 'truncate', apply: (path, rnd) => truncateSync(path, Math.floor(rnd() * statSync(path).size)) },
  { name: 'empty file', apply: (path) => writeFileSync(path, '') },
  { name: 'garbage file', apply: (path, rnd) => writeFileSync(path, Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 9000) }, () => Math.floor(rnd() * 256)))) },
  { name: 'drop one trigger', apply: (path) => withDb(path, (db) => db.exec('DROP TRIGGER entries_refuse_update')) },
  {
    name: 'edit an entry column',
    apply: (path, rnd) =>
      withDb(path, (db) => {
        dropTriggers(db)
        const column = pick(rnd, ENTRY_COLUMNS.slice(1))
        db.prepare(`UPDATE entries SET ${column} = ? WHERE seq = ?`).run(pick(rnd, VALUES.filter((v) => v !== null && typeof v !== 'number')), 1 + Math.floor(rnd() * baseSize))
      }),
  },
  {
    name: 'edit an entry in a non-strict copy of the table',
    apply: (path, rnd) =>
      withDb(path, (db) => {
        dropTriggers(db)
        db.exec(`CREATE TABLE e2 AS SELECT * FROM entries; DROP TABLE entries; ALTER TABLE e2 RENAME TO entries;`)
        const column = pick(rnd, ENTRY_COLUMNS)
        db.prepare(`UPDATE entries SET ${column} = ? WHERE seq = ?`).run(pick(rnd, VALUES), 1 + Math.floor(rnd() * baseSize))
      }),
  },
  { name: 'delete rows', apply: (path, rnd) => withDb(path, (db) => (dropTriggers(db), db.prepare('DELETE FROM entries WHERE seq >= ? AND seq <= ?').run(...((a, b) => [Math.min(a, b), Math.max(a, b)])(1 + Math.floor(rnd() * baseSize), 1 + Math.floor(rnd() * baseSize))))) },
  { name: 'delete the tail', apply: (path, rnd) => withDb(path, (db) => (dropTriggers(db), db.prepare('DELETE FROM entries WHERE seq > ?').run(Math.floor(rnd() * baseSize)))) },
  { name: 'delete every entry', apply: (path) => withDb(path, (db) => (dropTriggers(db), db.exec('DELETE FROM entries'))) },
  {
    name: 'renumber entries',
    apply: (path, rnd) => withDb(path, (db) => (dropTriggers(db), db.prepare('UPDATE entries SET seq = seq + 1000 WHERE seq >= ?').run(1 + Math.floor(rnd() * baseSize)))),
  },
  {
    name: 'insert a bogus entry',
    apply: (path, rnd) =>
      withDb(path, (db) => {
        dropTriggers(db)
        db.prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(baseSize + 1 + Math.floor(rnd() * 2), '2026-07-01T00:00:00.000Z', 'mallory', pick(rnd, ['custodian.added', 'set.issued', 'nonsense']), '{"custodianId":"m"}', '0'.repeat(64), 'f'.repeat(64), 'AAAAAAAAAAAAAAAA', 'AAAA')
      }),
  },
  {
    name: 'edit the meta table',
    apply: (path, rnd) =>
      withDb(path, (db) => {
        dropTriggers(db)
        db.prepare('UPDATE logbook_meta SET value = ? WHERE key = ?').run(pick(rnd, VALUES.filter((v) => v !== null)), pick(rnd, META_KEYS))
      }),
  },
  { name: 'delete a meta key', apply: (path, rnd) => withDb(path, (db) => (dropTriggers(db), db.prepare('DELETE FROM logbook_meta WHERE key = ?').run(pick(rnd, META_KEYS)))) },
  { name: 'drop the meta table', apply: (path) => withDb(path, (db) => db.exec('DROP TABLE logbook_meta')) },
  { name: 'drop the entries table', apply: (path) => withDb(path, (db) => db.exec('DROP TABLE entries')) },
  {
    name: 'another origin in meta',
    apply: (path) => withDb(path, (db) => (dropTriggers(db), db.exec("UPDATE logbook_meta SET value = 'custos.example/log/AAAAAAAAAAAAAAAA' WHERE key = 'origin'"))),
  },
  {
    name: 'sqlite3 tool edit',
    apply: (path, rnd) => {
      const sql = pick(rnd, ['PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, \'STRICT\', \'\') WHERE name = \'entries\';', 'VACUUM;', 'PRAGMA journal_mode = DELETE;', 'REINDEX;'])
      withDb(path, (db) => db.exec(sql))
    },
  },
]

beforeAll(async () => {
  const api = createApi({ dataDir: base, clock })
  const must = async (name: string, input: unknown) => {
    const r = await dispatch(api, name, input)
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r)}`)
    return r.value as any
  }
  await must('vault.init', { name: 'Fuzz' })
  for (let i = 0; i < 8; i++) {
    clock.advance(60_000)
    await must('custodians.add', { name: `Custodian ${i}`, contact: '+41 44 000 00 00', team: 'Ops' })
  }
  const log = await must('log.entries', {})
  baseSize = log.size
  baseHead = log.headHash
  closeSharedLogbooks()
}, 120_000)
afterAll(() => tmp.cleanup())

/** Runs one corrupted copy through the API: the everyday open and `log verify`. */
async function judge(dataDir: string): Promise<{ outcome: 'diagnosis' | 'clean'; codes: string[] }> {
  const api = createApi({ dataDir, clock })
  const codes: string[] = []
  let clean = true
  const list = await dispatch(api, 'custodians.list', {})
  if (!list.ok) {
    codes.push(list.error.code)
    clean = false
  }
  const verify = await dispatch(api, 'log.verify', {})
  if (!verify.ok) {
    codes.push(verify.error.code)
    clean = false
  } else if (!(verify.value as { ok: boolean }).ok) {
    codes.push('LOG_VERIFY_FAILED') // the CLI turns a failed report into LOG_VERIFY_FAILED, exit 6
    clean = false
  }
  if (clean) {
    // A clean open must be the whole history, not a new or shorter one.
    const entries = await dispatch(api, 'log.entries', { limit: 1, newestFirst: true })
    expect(entries.ok).toBe(true)
    const value = (entries as { value: { size: number; headHash: string } }).value
    expect(value.size).toBeGreaterThanOrEqual(baseSize)
    if (value.size === baseSize) expect(value.headHash).toBe(baseHead)
  }
  closeSharedLogbooks(dataDir)
  return { outcome: clean ? 'clean' : 'diagnosis', codes }
}

describe('the logbook under random corruption', () => {
  it(`ends each of ${RUNS} corruptions in a diagnosis (exit 6) or a clean open, never exit 1 or a silent reset`, async () => {
    const seed = Number(process.env.CUSTOS_FUZZ_SEED ?? 20261203)
    const rnd = prng(seed)
    const tally: Record<string, { diagnosis: number; clean: number }> = {}
    for (let run = 0; run < RUNS; run++) {
      const dir = join(tmp.path, `run-${run}`)
      cpSync(base, dir, { recursive: true })
      const corruption = pick(rnd, CORRUPTIONS)
      try {
        corruption.apply(logbookPath(dir), rnd)
      } catch {
        // the edit itself failed on an already odd file: judge what is there
      }
      const { outcome, codes } = await judge(dir)
      for (const code of codes) {
        expect([run, corruption.name, code, exitCodeFor(code as ErrorCode)]).toEqual([run, corruption.name, 'LOG_VERIFY_FAILED', 6])
      }
      const t = (tally[corruption.name] ??= { diagnosis: 0, clean: 0 })
      t[outcome]++
      rmSync(dir, { recursive: true, force: true })
    }
    console.log(JSON.stringify({ fuzzSeed: seed, runs: RUNS, tally }))
    // Most corruptions are damage and must be diagnosed; only harmless ones may open clean.
    const diagnosed = Object.values(tally).reduce((n, t) => n + t.diagnosis, 0)
    expect(diagnosed).toBeGreaterThan(RUNS / 2)
  }, 900_000)

  it('gives exit 6 (or 0 on a harmless change) through the real CLI for a few corruptions', async () => {
    const rnd = prng(7)
    for (const name of ['flip bytes', 'truncate', 'edit the meta table', 'delete rows', 'drop the meta table', 'another origin in meta']) {
      const dir = join(tmp.path, `cli-${name.replace(/\W+/g, '-')}`)
      cpSync(base, dir, { recursive: true })
      CORRUPTIONS.find((c) => c.name === name)!.apply(logbookPath(dir), rnd)
      const run = await runCli(['log', 'verify', '--data-dir', dir, '--json'])
      expect([name, run.code]).toEqual([name, run.code === 0 ? 0 : 6])
      if (run.code === 6) expect(run.json().error.code).toBe('LOG_VERIFY_FAILED')
    }
  }, 300_000)
})
