// Attacks on the logbook file, each made directly on the SQLite file (better-sqlite3 or the
// sqlite3 tool, as an attacker with disk access would), each with the verdict it must get.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openLogbook } from '../../main/core/logbook/logbook-store'
import { entryHash } from '../../main/core/logbook/entry-hash'
import { HEAD_MARK_FILE } from '../../main/core/logbook/head-mark'
import { attackerDb, dropGuards, forge, inspect, keyFromSeed, makeLog, setIssued, withLog } from './logbook-helpers'

const SIZE = 8

function expectRefusedOpen(dir: string, key: Parameters<typeof openLogbook>[1], seq: number | null, kind: string, checkpoints: string[] = []) {
  let error: unknown
  try {
    openLogbook(dir, key, { checkpoints }).close()
  } catch (e) {
    error = e
  }
  expect(error).toMatchObject({ code: 'LOG_VERIFY_FAILED', details: { seq, kind } })
}

describe('the logbook verifier under attack', () => {
  it('accepts an untouched log and checks it with every signature too', () => {
    const { dir, key } = makeLog(SIZE)
    expect(inspect(dir, key)).toMatchObject({ ok: true, size: SIZE })
    expect(inspect(dir, key, [], 'all')).toMatchObject({ ok: true, size: SIZE, signaturesChecked: SIZE })
  })

  it('finds a byte flipped inside a payload in the database file itself', () => {
    const { dir, key, path } = makeLog(SIZE)
    const bytes = readFileSync(path)
    const at = bytes.indexOf(Buffer.from('"label":"label-05"'))
    expect(at).toBeGreaterThan(0)
    bytes[at + 10] = bytes[at + 10]! ^ 0x01 // 'l' -> 'm': same length, SQLite itself does not notice
    writeFileSync(path, bytes)
    const report = inspect(dir, key)
    expect(report.problem).toMatchObject({ seq: 5, kind: 'modified' })
    expectRefusedOpen(dir, key, 5, 'modified')
  })

  it('finds an entry deleted after the guard triggers were dropped', () => {
    const { dir, key, path } = makeLog(SIZE)
    const db = attackerDb(path)
    dropGuards(db)
    db.prepare('DELETE FROM entries WHERE seq = 4').run()
    db.close()
    expect(inspect(dir, key).problem).toMatchObject({ seq: 4, kind: 'gap' })
    expectRefusedOpen(dir, key, 4, 'gap')
  })

  it('finds a deletion hidden by renumbering the later entries', () => {
    const { dir, key, path } = makeLog(SIZE)
    const db = attackerDb(path)
    dropGuards(db)
    db.exec('DELETE FROM entries WHERE seq = 4; UPDATE entries SET seq = seq - 1 WHERE seq > 4')
    db.close()
    expect(inspect(dir, key).problem).toMatchObject({ seq: 4, kind: 'gap' })
  })

  it('finds two swapped entries', () => {
    const { dir, key, path } = makeLog(SIZE)
    const db = attackerDb(path)
    dropGuards(db)
    db.exec('UPDATE entries SET seq = 1000 WHERE seq = 3; UPDATE entries SET seq = 3 WHERE seq = 4; UPDATE entries SET seq = 4 WHERE seq = 1000')
    db.close()
    expect(inspect(dir, key).problem).toMatchObject({ seq: 3, kind: 'out-of-order' })
  })

  it('catches a cut tail against a held checkpoint, and says it was cut', () => {
    const { dir, key, path } = makeLog(SIZE)
    const checkpoint = withLog(dir, key, (log) => log.checkpoint().text)
    const db = attackerDb(path)
    dropGuards(db)
    db.prepare('DELETE FROM entries WHERE seq > 5').run()
    db.close()
    // The data directory remembers the highest head it has seen (logbook-head.json) ...
    expect(inspect(dir, key).problem).toMatchObject({ seq: 6, kind: 'truncated' })
    // ... but whoever cuts the tail can delete that too: a chain alone cannot see a cut tail,
    // which is why checkpoints leave the machine.
    rmSync(join(dir, HEAD_MARK_FILE))
    expect(inspect(dir, key).ok).toBe(true)
    const report = inspect(dir, key, [checkpoint])
    expect(report.problem).toMatchObject({ seq: 6, kind: 'truncated' })
    expect(report.problem!.message).toMatch(/shows 8 entries but the log has only 5/)
    expectRefusedOpen(dir, key, 6, 'truncated', [checkpoint])
  })

  it('catches a restored older copy of the file against a later checkpoint', () => {
    const { dir, key, path } = makeLog(5)
    copyFileSync(path, `${path}.old`) // closed log: the WAL is checkpointed into the main file
    const checkpoint = withLog(dir, key, (log) => {
      log.append('owner', setIssued(key, 6))
      log.append('owner', setIssued(key, 7))
      return log.checkpoint().text
    })
    for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true })
    copyFileSync(`${path}.old`, path)
    // The remembered head catches the older copy; restored together with an old mark, only a checkpoint does.
    expect(inspect(dir, key).problem).toMatchObject({ seq: 6, kind: 'truncated' })
    rmSync(join(dir, HEAD_MARK_FILE))
    expect(inspect(dir, key).ok).toBe(true)
    expect(inspect(dir, key, [checkpoint]).problem).toMatchObject({ seq: 6, kind: 'truncated' })
  })

  it('refuses INSERT OR REPLACE of an old entry, with and without recursive triggers (sqlite3 tool)', () => {
    const { dir, key, path } = makeLog(SIZE)
    const forged =
      "INSERT OR REPLACE INTO entries SELECT seq, time, 'mallory', type, payload, prev_hash, entry_hash, signer, signature FROM entries WHERE seq = 3;"
    for (const pragma of ['', 'PRAGMA recursive_triggers = ON;']) {
      const run = () => execFileSync('sqlite3', [path, pragma + forged], { stdio: 'pipe' })
      expect(run).toThrow(/next sequence number|append-only/)
    }
    expect(inspect(dir, key, [], 'all')).toMatchObject({ ok: true, size: SIZE })
  })

  it('finds an old entry replaced with INSERT OR REPLACE once the guards are gone', () => {
    const { dir, key, path } = makeLog(SIZE)
    const db = attackerDb(path)
    dropGuards(db)
    const row = db.prepare('SELECT * FROM entries WHERE seq = 3').get() as Record<string, string | number>
    const payload = String(row.payload).replace('"threshold":2', '"threshold":1')
    // The forger recomputes the hash (the format is public) but cannot sign without the key.
    const hash = entryHash({ seq: 3, time: String(row.time), actor: String(row.actor), type: String(row.type), payload, prevHash: String(row.prev_hash) })
    db.prepare('INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      3, row.time, row.actor, row.type, payload, row.prev_hash, hash, row.signer, row.signature,
    )
    db.close()
    expect(inspect(dir, key).problem).toMatchObject({ seq: 3, kind: 'modified' })
  })

  it('names an entry signed by another key as foreign', () => {
    const { dir, key, path } = makeLog(SIZE)
    const mallory = keyFromSeed(66)
    forge(path, 4, (row) => (row.actor = 'mallory'), mallory)
    expect(inspect(dir, key).problem).toMatchObject({ seq: 4, kind: 'foreign-key' })
    expectRefusedOpen(dir, key, 4, 'foreign-key')
  })

  it('finds a forged signature that claims to be by the vault key', () => {
    const { dir, key, path } = makeLog(SIZE)
    forge(path, 4, (row) => (row.actor = 'mallory'), keyFromSeed(66), { signerColumn: key.fingerprint })
    expect(inspect(dir, key).problem).toMatchObject({ seq: 4, kind: 'bad-signature' })
    expect(inspect(dir, key, [], 'all').problem).toMatchObject({ seq: 4, kind: 'bad-signature' })
  })

  it('finds a changed entry whose whole chain was recomputed but not re-signed', () => {
    const { dir, key, path } = makeLog(SIZE)
    const db = attackerDb(path)
    const signatures = db.prepare('SELECT seq, signer, signature FROM entries').all()
    db.close()
    forge(path, 5, (row) => (row.payload = row.payload.replace('"total":3', '"total":5')), keyFromSeed(66))
    const restore = attackerDb(path) // put the original signatures back: the forger has no key
    for (const s of signatures as { seq: number; signer: string; signature: string }[]) {
      restore.prepare('UPDATE entries SET signer = ?, signature = ? WHERE seq = ?').run(s.signer, s.signature, s.seq)
    }
    restore.close()
    expect(inspect(dir, key).problem).toMatchObject({ seq: 5, kind: 'bad-signature' })
  })

  it('catches a fork re-signed with the real key against a checkpoint taken before', () => {
    const { dir, key, path } = makeLog(SIZE)
    const checkpoint = withLog(dir, key, (log) => log.checkpoint().text)
    forge(path, 4, (row) => (row.payload = row.payload.replace('"threshold":2', '"threshold":1')), key)
    // The data directory's remembered head differs from the rewritten one ...
    expect(inspect(dir, key, [], 'all').problem).toMatchObject({ seq: SIZE, kind: 'forked' })
    // ... and without it (deleted by the forger), with the real key a rewritten history is internally perfect ...
    rmSync(join(dir, HEAD_MARK_FILE))
    expect(inspect(dir, key, [], 'all').ok).toBe(true)
    // ... but it does not extend what custodians hold.
    const report = inspect(dir, key, [checkpoint])
    expect(report.problem).toMatchObject({ seq: SIZE, kind: 'forked' })
    expect(report.checkpoints[0]).toMatchObject({ status: 'forked' })
    expectRefusedOpen(dir, key, SIZE, 'forked', [checkpoint])
  })

  it('refuses the log of another vault put in place of this one', () => {
    const { dir, key } = makeLog(SIZE)
    const other = makeLog(SIZE, keyFromSeed(9))
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dir}/logbook.sqlite${suffix}`, { force: true })
    copyFileSync(other.path, `${dir}/logbook.sqlite`)
    expect(inspect(dir, key).problem).toMatchObject({ seq: 1, kind: 'foreign-key' })
  })

  it('refuses a forged or foreign checkpoint as invalid', () => {
    const { dir, key } = makeLog(SIZE)
    const good = withLog(dir, key, (log) => log.checkpoint().text)
    const other = makeLog(3, keyFromSeed(9))
    const foreign = withLog(other.dir, other.key, (log) => log.checkpoint().text)
    const tampered = good.replace(/\n8\n/, '\n7\n')
    expect(inspect(dir, key, [tampered]).problem).toMatchObject({ seq: null, kind: 'checkpoint-invalid' })
    expect(inspect(dir, key, [foreign]).problem).toMatchObject({ seq: null, kind: 'checkpoint-invalid' })
    expect(inspect(dir, key, ['hello']).problem).toMatchObject({ seq: null, kind: 'checkpoint-invalid' })
  })

  it('rejects a rotation to a key that did not endorse it', () => {
    const { dir, key, path } = makeLog(4)
    const mallory = keyFromSeed(66)
    withLog(dir, key, (log) => log.rotateKey('owner', keyFromSeed(12)))
    forge(path, 5, (row) => {
      const p = JSON.parse(row.payload)
      p.newPublicKey = Buffer.from(mallory.raw).toString('base64')
      p.newFingerprint = mallory.fingerprint
      row.payload = JSON.stringify(Object.fromEntries(Object.entries(p).sort(([a], [b]) => (a < b ? -1 : 1))))
    }, key) // even signed by the real key, the rotation needs the new key's endorsement
    expect(inspect(dir, mallory).problem).toMatchObject({ seq: 5, kind: 'bad-signature' })
  })

  it('keeps verifying a log that grew after the first entry was written by another process', () => {
    const { dir, key } = makeLog(2)
    const a = openLogbook(dir, key)
    const b = openLogbook(dir, key)
    a.append('alice', setIssued(key, 3))
    b.append('bob', setIssued(key, 4))
    a.append('alice', setIssued(key, 5))
    a.close()
    b.close()
    expect(inspect(dir, key, [], 'all')).toMatchObject({ ok: true, size: 5 })
  })
})

describe('a log changed behind an open handle', () => {
  it('refuses to extend it when it no longer verifies', () => {
    const { dir, key, path } = makeLog(4)
    const log = openLogbook(dir, key)
    const db = attackerDb(path)
    dropGuards(db)
    db.exec(`UPDATE entries SET actor = 'mallory' WHERE seq = 2`)
    db.close()
    expect(() => log.append('owner', setIssued(key, 5))).toThrow(expect.objectContaining({ code: 'LOG_VERIFY_FAILED', details: expect.objectContaining({ seq: 2, kind: 'modified' }) }))
    expect(log.head().size).toBe(4)
    log.close()
  })
})
