// The logbook as its callers use it: appending events, reading them back, the folded vault
// state, the append-only guards, checkpoints, key rotation and the HMAC helper.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../main/core/clock'
import { canonicalJson } from '../../main/core/logbook/canonical-json'
import { checkpointQrSvg, parseCheckpoint } from '../../main/core/logbook/checkpoint'
import { logHmac, matchesLogHmac } from '../../main/core/logbook/log-hmac'
import { openLogbook } from '../../main/core/logbook/logbook-store'
import { foldEvents } from '../../main/core/logbook/vault-state'
import type { VaultEvent } from '../../shared/events'
import { attackerDb, inspect, keyFromSeed, makeLog, setIssued, tempDir, vaultCreated, withLog } from './logbook-helpers'

describe('appending and reading the logbook', () => {
  it('records events in order with gap-free numbers, time, actor and a chained hash', () => {
    const key = keyFromSeed(1)
    const dir = tempDir()
    const clock = fixedClock('2026-03-01T10:00:00Z')
    const log = openLogbook(dir, key, { create: true, clock })
    const first = log.append('alice', vaultCreated(key))
    clock.advance(1000)
    const second = log.append('bob', setIssued(key, 2))
    expect(first).toMatchObject({ seq: 1, actor: 'alice', type: 'vault.created', time: '2026-03-01T10:00:00.000Z' })
    expect(second).toMatchObject({ seq: 2, actor: 'bob', type: 'set.issued', prevHash: first.hash, time: '2026-03-01T10:00:01.000Z' })
    expect(log.head()).toEqual({ size: 2, hash: second.hash })
    expect(log.entries().map((e) => e.event)).toEqual([vaultCreated(key), setIssued(key, 2)])
    expect(log.entries({ type: 'set.issued' }).map((e) => e.seq)).toEqual([2])
    expect(log.entries({ newestFirst: true, limit: 1 }).map((e) => e.seq)).toEqual([2])
    log.close()
  })

  it('stores payloads as canonical JSON without the type', () => {
    const { dir, key } = makeLog(2)
    const [entry] = withLog(dir, key, (log) => log.entries({ fromSeq: 2 }))
    expect(entry!.payload).toBe(canonicalJson({ ...setIssued(key, 2), type: undefined }))
    expect(entry!.payload).not.toContain('"type"')
  })

  it('appends a batch all or nothing', () => {
    const { dir, key } = makeLog(2)
    withLog(dir, key, (log) => {
      const bad = { ...setIssued(key, 4), threshold: -1 } as VaultEvent
      expect(() => log.appendAll('owner', [setIssued(key, 3), bad])).toThrow(/malformed/)
      expect(log.head().size).toBe(2)
      expect(log.appendAll('owner', [setIssued(key, 3), setIssued(key, 4)]).map((e) => e.seq)).toEqual([3, 4])
    })
    expect(inspect(dir, key, [], 'all')).toMatchObject({ ok: true, size: 4 })
  })

  it('refuses events that do not fit their schema, so no secret-shaped extra field can be logged', () => {
    const { dir, key } = makeLog(1)
    withLog(dir, key, (log) => {
      const withSecret = { ...setIssued(key, 2), shareValue: 'ABCDEF' } as unknown as VaultEvent
      expect(() => log.append('owner', withSecret)).toThrow(/malformed/)
      expect(() => log.append('  ', setIssued(key, 2))).toThrow(/who did it/)
    })
  })

  it('refuses UPDATE, DELETE and out-of-sequence INSERT at the database level', () => {
    const { dir, key, path } = makeLog(3)
    const db = attackerDb(path)
    expect(() => db.prepare("UPDATE entries SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM entries WHERE seq = 3').run()).toThrow(/append-only/)
    expect(() => db.prepare("INSERT OR REPLACE INTO entries SELECT * FROM entries WHERE seq = 1").run()).toThrow(/next sequence/)
    expect(() => db.prepare("INSERT INTO entries SELECT 9, time, actor, type, payload, prev_hash, 'x', signer, signature FROM entries WHERE seq = 1").run()).toThrow(/next sequence/)
    expect(() => db.prepare("UPDATE logbook_meta SET value = 'x' WHERE key = 'origin'").run()).toThrow(/fixed/)
    expect(() => db.prepare("INSERT OR REPLACE INTO logbook_meta VALUES ('origin', 'x')").run()).toThrow(/fixed/)
    expect(() => db.prepare("INSERT INTO entries (seq) VALUES ('four')").run()).toThrow() // STRICT
    db.close()
    expect(inspect(dir, key, [], 'all')).toMatchObject({ ok: true, size: 3 })
  })

  it('will not start a new empty log where one is missing, and opens read-only for inspection', () => {
    const key = keyFromSeed(1)
    expect(() => openLogbook(tempDir(), key)).toThrow(expect.objectContaining({ code: 'LOG_NOT_FOUND' }))
    const { dir } = makeLog(2, key)
    withLog(dir, key, (log) => {
      expect(log.readOnly).toBe(true)
      expect(() => log.append('owner', setIssued(key, 3))).toThrow(expect.objectContaining({ code: 'LOG_WRITE_FAILED' }))
    }, true)
  })
})

describe('vault state as a fold of the log', () => {
  it('derives the vault, its sets and its log keys from events alone', () => {
    const { dir, key } = makeLog(3)
    const state = withLog(dir, key, (log) => log.state())
    expect(state.vault).toMatchObject({ name: 'Payments prod', fingerprint: key.fingerprint, created: { seq: 1, actor: 'owner' } })
    expect(Object.keys(state.sets)).toHaveLength(2)
    const setId = (setIssued(key, 3) as { setId: string }).setId
    expect(state.sets[setId]).toMatchObject({ threshold: 2, total: 3, issued: { seq: 3 } })
    expect(state.logKeys.map((k) => k.fingerprint)).toEqual([key.fingerprint])
    expect(state.lastSeq).toBe(3)
  })

  it('is pure: folding the same entries twice gives equal states', () => {
    const { dir, key } = makeLog(4)
    const entries = withLog(dir, key, (log) => log.entries())
    expect(foldEvents(entries)).toEqual(foldEvents(entries))
  })
})

describe('checkpoints', () => {
  it('issues a short signed note that parses back and verifies', async () => {
    const { dir, key } = makeLog(3)
    const cp = withLog(dir, key, (log) => log.checkpoint())
    expect(cp.text.split('\n')).toEqual([`custos.logbook/${key.fingerprint}`, '3', expect.any(String), '', expect.stringMatching(/^\u2014 custos\.logbook\/\S+ \S+$/), ''])
    expect(cp.text.length).toBeLessThan(250)
    expect(parseCheckpoint(cp.text)).toMatchObject({ origin: cp.origin, size: 3, hash: cp.hash })
    expect(inspect(dir, key, [cp.text]).checkpoints).toEqual([expect.objectContaining({ status: 'consistent', size: 3 })])
    expect(await checkpointQrSvg(cp.text)).toMatch(/^<svg/)
  })

  it('accepts a checkpoint of an empty log and one typed back with Windows line ends', () => {
    const key = keyFromSeed(2)
    const dir = tempDir()
    const log = openLogbook(dir, key, { create: true })
    const empty = log.checkpoint().text
    log.append('owner', vaultCreated(key))
    expect(log.verify([empty, empty.replace(/\n/g, '\r\n')]).ok).toBe(true)
    log.close()
  })
})

describe('log key rotation', () => {
  it('is an event signed by the old key and endorsed by the new one; the log verifies with the new key', () => {
    const { dir, key } = makeLog(3)
    const next = keyFromSeed(21)
    const before = withLog(dir, key, (log) => {
      const cp = log.checkpoint().text
      const entry = log.rotateKey('owner', next, 'yearly rotation')
      expect(entry).toMatchObject({ type: 'log.key-rotated', signer: key.fingerprint })
      expect(log.append('owner', setIssued(next, 5))).toMatchObject({ signer: next.fingerprint })
      return cp
    })
    expect(inspect(dir, next, [before], 'all')).toMatchObject({ ok: true, size: 5, keyFingerprint: next.fingerprint })
    const state = withLog(dir, next, (log) => log.state())
    expect(state.logKeys.map((k) => k.fingerprint)).toEqual([key.fingerprint, next.fingerprint])
    // The retired key no longer opens the log for writing.
    expect(() => openLogbook(dir, key).close()).toThrow(expect.objectContaining({ code: 'LOG_VERIFY_FAILED' }))
  })
})

describe('HMAC of values matched later but never stored', () => {
  it('is stable per key and purpose, differs across purposes and keys, and matches the value', () => {
    const key = keyFromSeed(3)
    const h = logHmac(key, 'release.requester-phone', '+44 20 7946 0000')
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    expect(logHmac(key, 'release.requester-phone', '+44 20 7946 0000')).toBe(h)
    expect(logHmac(key, 'bag.seal', '+44 20 7946 0000')).not.toBe(h)
    expect(logHmac(keyFromSeed(4), 'release.requester-phone', '+44 20 7946 0000')).not.toBe(h)
    expect(matchesLogHmac(key, 'release.requester-phone', '+44 20 7946 0000', h)).toBe(true)
    expect(matchesLogHmac(key, 'release.requester-phone', '+44 20 7946 0001', h)).toBe(false)
  })
})

describe('what the file holds', () => {
  it('uses WAL with STRICT tables', () => {
    const { path } = makeLog(2)
    const db = attackerDb(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const sql = (db.prepare("SELECT group_concat(sql, ';') AS s FROM sqlite_master WHERE type = 'table'").get() as { s: string }).s
    expect(sql.match(/STRICT/g)).toHaveLength(2)
    db.close()
    expect(readFileSync(path).subarray(0, 15).toString()).toBe('SQLite format 3')
  })
})
