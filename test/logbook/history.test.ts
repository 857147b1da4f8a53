// A vault knows its own history (issue 14, items 1, 4, 7 and 8): an emptied, swapped or
// rolled-back logbook is refused with a diagnosis, init is all-or-nothing even under SIGKILL,
// time only moves forward, and the vault's files are owner-only.
import { spawn } from 'node:child_process'
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../../main/core/clock'
import { createApi } from '../../main/core/api/create-api'
import { dispatch } from '../../main/core/api/dispatch'
import { logbookPath } from '../../main/core/logbook/logbook-store'
import { closeSharedLogbooks } from '../../main/core/logbook/shared-logbook'
import { exitCodeFor } from '../../main/cli/exit-codes'
import { cliEntry, cliEnv, runCli } from '../helpers/run-cli'
import { VAULT_KEY_FILE } from '../../main/core/vault/vault-store'
import { makeTempDir } from '../helpers/temp-dir'

const temps: { cleanup(): void }[] = []
afterEach(() => {
  closeSharedLogbooks()
  for (const t of temps.splice(0)) t.cleanup()
})

/** A vault made through the API, with a few custodians: a short history to lose. */
async function vaultWithHistory(start = '2026-03-01T09:00:00Z') {
  const tmp = makeTempDir('custos-history-')
  temps.push(tmp)
  const dataDir = join(tmp.path, 'vault')
  const clock = fixedClock(start)
  const api = createApi({ dataDir, clock })
  const ok = async (name: string, input: unknown) => {
    const r = await dispatch(api, name, input)
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r)}`)
    return r.value as any
  }
  await ok('vault.init', { name: 'History test' })
  for (const name of ['Alice Martin', 'Bob Keller', 'Carol Weber']) {
    clock.advance(60_000)
    await ok('custodians.add', { name, contact: '+41 44 000 00 00', team: 'Ops' })
  }
  return { tmp, dataDir, clock, api, ok, log: logbookPath(dataDir) }
}

async function refusal(api: ReturnType<typeof createApi>, name = 'custodians.list', input: unknown = {}) {
  const r = await dispatch(api, name, input)
  expect(r.ok).toBe(false)
  return (r as { error: { code: string; message: string; details?: Record<string, unknown> } }).error
}

function removeLog(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
}

describe('a vault that knows its own history', () => {
  it('refuses an emptied logbook (a 0-byte file) instead of starting a new history, and log verify diagnoses it', async () => {
    const v = await vaultWithHistory()
    closeSharedLogbooks()
    removeLog(v.log)
    writeFileSync(v.log, '')
    const error = await refusal(v.api)
    expect(error.code).toBe('LOG_VERIFY_FAILED')
    expect(error.message).toMatch(/empty .*history is gone/)
    expect(error.message).toMatch(/backup/)
    expect(error.message).toMatch(/verifying the logbook/) // the front end names its own command (cli-words.ts)
    // Nothing was written: the file is still empty, no schema was recreated.
    expect(statSync(v.log).size).toBe(0)
    expect((await refusal(v.api, 'custodians.add', { name: 'Eve', contact: 'x', team: 'y' })).code).toBe('LOG_VERIFY_FAILED')
    expect(statSync(v.log).size).toBe(0)
    const cli = await runCli(['log', 'verify', '--data-dir', v.dataDir, '--json'])
    expect(cli.code).toBe(6)
    expect(cli.json().error.code).toBe('LOG_VERIFY_FAILED')
  })

  it('notices a logbook emptied in place while this process holds it open', async () => {
    const v = await vaultWithHistory()
    await v.ok('custodians.list', {})
    writeFileSync(v.log, '') // truncated under the open handle (same inode)
    for (const suffix of ['-wal', '-shm']) rmSync(v.log + suffix, { force: true })
    expect((await refusal(v.api, 'custodians.add', { name: 'Eve', contact: 'x', team: 'y' })).code).toBe('LOG_VERIFY_FAILED')
    expect(statSync(v.log).size).toBe(0)
  })

  it('refuses an SQLite file without tables in place of the logbook', async () => {
    const v = await vaultWithHistory()
    closeSharedLogbooks()
    removeLog(v.log)
    const db = new Database(v.log)
    db.pragma('user_version = 1') // a valid SQLite file, no tables
    db.close()
    const error = await refusal(v.api)
    expect(error).toMatchObject({ code: 'LOG_VERIFY_FAILED' })
    expect(error.message).toMatch(/history is gone/)
    const verify = await dispatch(v.api, 'log.verify', {})
    expect(verify).toMatchObject({ ok: false, error: { code: 'LOG_VERIFY_FAILED' } })
  })

  it("refuses another vault's logbook put in its place", async () => {
    const a = await vaultWithHistory()
    const b = await vaultWithHistory()
    closeSharedLogbooks()
    removeLog(a.log)
    copyFileSync(b.log, a.log)
    const error = await refusal(a.api)
    expect(error.code).toBe('LOG_VERIFY_FAILED')
    expect(error.details).toMatchObject({ kind: 'foreign-key' })
    expect(await dispatch(a.api, 'log.verify', {})).toMatchObject({ ok: true, value: { ok: false, problem: { kind: 'foreign-key' } } })
  })

  it('refuses a logbook shorter than the last head the vault has seen (an older copy restored)', async () => {
    const v = await vaultWithHistory()
    closeSharedLogbooks()
    copyFileSync(v.log, `${v.log}.old`) // 4 entries, closed (WAL checkpointed)
    v.clock.advance(60_000)
    await v.ok('custodians.add', { name: 'Dave Fischer', contact: '+41 44 000 00 04', team: 'Ops' })
    closeSharedLogbooks()
    removeLog(v.log)
    copyFileSync(`${v.log}.old`, v.log)
    const error = await refusal(v.api)
    expect(error).toMatchObject({ code: 'LOG_VERIFY_FAILED', details: { kind: 'truncated', seq: 5 } })
    expect(error.message).toMatch(/already seen 5/)
    expect(await dispatch(v.api, 'log.verify', {})).toMatchObject({ ok: true, value: { ok: false, problem: { kind: 'truncated', seq: 5 } } })
  })
})

describe('time only moves forward', () => {
  it('refuses an entry earlier than the last one with CLOCK_WENT_BACKWARDS and records nothing', async () => {
    const v = await vaultWithHistory('2026-05-01T12:00:00Z')
    const size = (await v.ok('log.entries', {})).size
    v.clock.set('2026-04-30T12:00:00Z')
    const error = await refusal(v.api, 'custodians.add', { name: 'Eve Early', contact: 'x', team: 'y' })
    expect(error.code).toBe('CLOCK_WENT_BACKWARDS')
    expect(error.message).toMatch(/earlier than the logbook's last entry \(2026-05-01T12:03:00.000Z\)/)
    expect(exitCodeFor('CLOCK_WENT_BACKWARDS')).toBe(5)
    expect((await v.ok('log.entries', {})).size).toBe(size)
    // The same second as the head is fine: time stood still, it did not go back.
    v.clock.set('2026-05-01T12:03:00Z')
    await v.ok('custodians.add', { name: 'Eve Early', contact: 'x', team: 'y' })
  })

  it('refuses a command run by the real CLI on a log whose last entry is in the future', async () => {
    const v = await vaultWithHistory(new Date(Date.now() + 48 * 3600_000).toISOString())
    closeSharedLogbooks()
    const run = await runCli(['custodian', 'add', '--data-dir', v.dataDir, '--name', 'Eve Early', '--contact', 'x', '--team', 'y', '--json'])
    expect(run.code).toBe(5)
    expect(run.json().error.code).toBe('CLOCK_WENT_BACKWARDS')
    expect(run.json().error.message).toMatch(/clock is behind/)
  })
})

describe('file modes', () => {
  it('makes the data directory 0700 and the logbook and its -wal/-shm 0600, even in an existing 0755 directory', async () => {
    const tmp = makeTempDir('custos-modes-')
    temps.push(tmp)
    const dataDir = join(tmp.path, 'vault')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    const clock = fixedClock('2026-03-01T09:00:00Z')
    const api = createApi({ dataDir, clock })
    expect(await dispatch(api, 'vault.init', { name: 'Modes' })).toMatchObject({ ok: true })
    expect(statSync(dataDir).mode & 0o777).toBe(0o700)
    // An operation keeps the log open (its -wal and -shm exist meanwhile).
    expect(await dispatch(api, 'custodians.add', { name: 'Alice Martin', contact: 'x', team: 'y' })).toMatchObject({ ok: true })
    const files = readdirSync(dataDir).filter((f) => f.startsWith('logbook.sqlite'))
    expect(files).toEqual(expect.arrayContaining(['logbook.sqlite', 'logbook.sqlite-wal', 'logbook.sqlite-shm']))
    for (const f of files) expect([f, statSync(join(dataDir, f)).mode & 0o777]).toEqual([f, 0o600])
    expect(statSync(join(dataDir, VAULT_KEY_FILE)).mode & 0o777).toBe(0o600)
  })
})

describe('init is all or nothing', () => {
  it('refuses a directory holding a half-made vault, naming what is there', async () => {
    const tmp = makeTempDir('custos-halfinit-')
    temps.push(tmp)
    writeFileSync(join(tmp.path, VAULT_KEY_FILE), 'x', { mode: 0o600 })
    const run = await runCli(['init', '--data-dir', tmp.path, '--name', 'Half', '--json'])
    expect(run.code).toBe(5)
    expect(run.json().error.message).toContain(VAULT_KEY_FILE)
    expect(run.json().error.message).toMatch(/damaged or half-restored/)
  })

  it('a SIGKILL at any moment of `custos init` leaves either nothing or a complete vault', async () => {
    const tmp = makeTempDir('custos-killinit-')
    temps.push(tmp)
    const entry = await cliEntry() // built once, before the kills
    const outcomes = { nothing: 0, complete: 0 }
    for (let round = 0; round < 10; round++) {
      const dataDir = join(tmp.path, `vault-${round}`)
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [entry, 'init', '--data-dir', dataDir, '--name', `Kill ${round}`], {
          env: cliEnv(),
          stdio: 'ignore',
        })
        // Even rounds: killed 0-40 ms after init starts writing (its temporary directory
        // appears), the window where a half-made vault could be left. Odd rounds: at a random time.
        const kill = () => child.kill('SIGKILL')
        let timer = setTimeout(kill, round % 2 ? 200 + Math.floor(Math.random() * 4000) : 20_000)
        const watch =
          round % 2
            ? undefined
            : setInterval(() => {
                if (readdirSync(tmp.path).some((n) => n.startsWith(`.vault-${round}.init-`))) {
                  clearInterval(watch)
                  clearTimeout(timer)
                  timer = setTimeout(kill, Math.floor(Math.random() * 40))
                }
              }, 2)
        child.on('error', reject)
        child.on('close', () => {
          clearTimeout(timer)
          if (watch) clearInterval(watch)
          resolve()
        })
      })
      const present = existsSync(dataDir) ? readdirSync(dataDir) : []
      if (present.length === 0) {
        outcomes.nothing++
        // Nothing there: init can simply be run again.
        const again = await runCli(['init', '--data-dir', dataDir, '--name', `Kill ${round}`, '--json'])
        expect(again.code, again.stderr).toBe(0)
      } else {
        outcomes.complete++
        expect(present).toEqual(expect.arrayContaining(['vault.json', VAULT_KEY_FILE, 'logbook.sqlite']))
        expect(JSON.parse(readFileSync(join(dataDir, 'vault.json'), 'utf8')).logbook).toMatchObject({ origin: expect.any(String), firstHash: expect.stringMatching(/^[0-9a-f]{64}$/) })
      }
      const verify = await runCli(['log', 'verify', '--data-dir', dataDir, '--json'])
      expect(verify.code, verify.stderr).toBe(0)
      expect(verify.json().report).toMatchObject({ ok: true, size: 1 })
    }
    console.log(JSON.stringify({ initKills: outcomes }))
  }, 300_000)
})
