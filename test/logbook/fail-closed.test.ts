// Fail closed: when the logbook cannot be written (a full disk, a read-only file or file
// system) the operation it would record does not happen, the error says why, and the log
// still verifies with every confirmed entry. Uses real tmpfs mounts when run as root (these
// machines), and an injected SQLite failure only where mounting is impossible.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fixedClock } from '../../main/core/clock'
import { openLogbook, type Logbook } from '../../main/core/logbook/logbook-store'
import { initVault, openVault } from '../../main/core/vault/vault-store'
import { runCli } from '../helpers/run-cli'
import { setIssued, tempDir } from './logbook-helpers'

const mounts: string[] = []

/** A fresh tmpfs of `size` mounted under a temp dir, or null where this process may not mount. */
function mountTmpfs(size: string): string | null {
  const dir = tempDir('custos-mnt-')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' })
    mounts.push(dir)
    return dir
  } catch {
    return null
  }
}

afterAll(() => {
  for (const dir of mounts.reverse()) {
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
    } catch {
      /* already gone */
    }
  }
})

function fillDisk(dir: string): string {
  const filler = join(dir, 'filler')
  const chunk = Buffer.alloc(16 * 1024, 0x55)
  try {
    for (;;) writeFileSync(filler, chunk, { flag: 'a' })
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC')
  }
  // And the last few bytes.
  try {
    for (;;) writeFileSync(filler, Buffer.alloc(512), { flag: 'a' })
  } catch {
    /* full */
  }
  return filler
}

const BUNDLE = JSON.stringify({ kind: 'generic', fields: { password: 'correct horse battery staple' } })
const clock = fixedClock('2026-04-01T12:00:00Z')

function appendUntilRefused(log: Logbook, key: Parameters<typeof setIssued>[0], max = 100_000): { confirmed: number; error: unknown } {
  let confirmed = 0
  for (let i = 0; i < max; i++) {
    try {
      log.append('owner', { ...setIssued(key, i + 2), label: `filling the disk ${'x'.repeat(150)}` } as never)
      confirmed++
    } catch (error) {
      return { confirmed, error }
    }
  }
  return { confirmed, error: undefined }
}

describe('a full disk', () => {
  it('refuses the append with a clear error, loses no confirmed entry, and the log still verifies', () => {
    const mnt = mountTmpfs('1m')
    const dataDir = join(mnt ?? tempDir(), 'vault')
    const vault = initVault(dataDir, 'Full disk', clock)
    const log = openLogbook(dataDir, vault.key, { clock })
    let filler: string | undefined
    if (mnt) {
      filler = fillDisk(mnt)
      // Give back a little room so some appends succeed before the disk is full again.
      truncateSync(filler, statSync(filler).size - 64 * 1024)
    }
    if (!mnt) (log as unknown as { db: { pragma(s: string): unknown } }).db.pragma('max_page_count = 40') // injected: no mount allowed
    const before = log.head().size
    const { confirmed, error } = appendUntilRefused(log, vault.key)
    expect(error).toMatchObject({ code: 'LOG_WRITE_FAILED' })
    expect((error as Error).message).toMatch(/disk is full.*Nothing was recorded, so the operation was not carried out/)
    log.close()
    if (filler) rmSync(filler)
    const reopened = openLogbook(dataDir, vault.key, { clock }) // verifies or throws
    expect(reopened.verify([], { signatures: 'all' })).toMatchObject({ ok: true, size: before + confirmed })
    reopened.close()
    console.log(JSON.stringify({ failClosed: 'full-disk', method: mnt ? 'tmpfs size=1m' : 'injected max_page_count', confirmedBeforeFull: confirmed }))
  })

  it('makes custos split refuse and write no share when the log cannot take the entry', async () => {
    const mnt = mountTmpfs('1m')
    if (!mnt) return expect.soft(mnt, 'mount not permitted: covered by the injected test above').toBeNull()
    const dataDir = join(mnt, 'vault')
    const vault = initVault(dataDir, 'Full disk split', clock)
    const size = openLogbook(dataDir, vault.key).head().size
    // Fill what is left, including the room the WAL would need to grow.
    const filler = fillDisk(mnt)
    const out = join(tempDir(), 'shares')
    const run = await runCli(['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', out, '--json'], { input: BUNDLE })
    expect(run.code).toBe(5)
    expect(run.json().error).toMatchObject({ code: 'LOG_WRITE_FAILED' })
    expect(run.json().error.message).toMatch(/disk is full/)
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
    rmSync(filler)
    const log = openLogbook(dataDir, openVault(dataDir).key)
    expect(log.verify()).toMatchObject({ ok: true, size })
    expect(log.entries({ type: 'set.issued' })).toEqual([])
    log.close()
  })
})

describe('a read-only log', () => {
  it('refuses to record anything on a read-only file system, and the log still verifies', async () => {
    const mnt = mountTmpfs('4m')
    const dataDir = join(mnt ?? tempDir(), 'vault')
    const vault = initVault(dataDir, 'Read-only', clock)
    const log = openLogbook(dataDir, vault.key, { clock })
    log.append('owner', setIssued(vault.key, 2))
    log.close()
    if (mnt) execFileSync('mount', ['-o', 'remount,ro', mnt], { stdio: 'pipe' })
    let error: unknown
    try {
      // Injected fallback where mounting is impossible: a read-only handle.
      const book = openLogbook(dataDir, vault.key, { clock, readOnly: !mnt })
      try {
        book.append('owner', setIssued(vault.key, 3))
      } finally {
        book.close()
      }
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ code: 'LOG_WRITE_FAILED' })
    expect((error as Error).message).toMatch(/read-only/)
    if (mnt) {
      const out = join(tempDir(), 'shares')
      const run = await runCli(['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', out, '--json'], { input: BUNDLE })
      expect(run.code).toBe(5)
      expect(run.json().error).toMatchObject({ code: 'LOG_WRITE_FAILED' })
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
      execFileSync('mount', ['-o', 'remount,rw', mnt], { stdio: 'pipe' })
    }
    const reopened = openLogbook(dataDir, vault.key)
    expect(reopened.verify([], { signatures: 'all' })).toMatchObject({ ok: true, size: 2 })
    reopened.close()
  })

  it('makes custos split refuse and write no share when the logbook file is immutable', async () => {
    const dataDir = join(tempDir(), 'vault')
    const vault = initVault(dataDir, 'Immutable', clock)
    const file = join(dataDir, 'logbook.sqlite')
    try {
      execFileSync('chattr', ['+i', file], { stdio: 'pipe' })
    } catch {
      return expect.soft(false, 'chattr +i not permitted here; the tmpfs read-only test covers this').toBe(false)
    }
    try {
      const out = join(tempDir(), 'shares')
      mkdirSync(out)
      const run = await runCli(['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', out, '--json'], { input: BUNDLE })
      expect(run.code).toBe(5)
      expect(run.json().error).toMatchObject({ code: 'LOG_WRITE_FAILED' })
      expect(run.json().error.message).toMatch(/read-only/)
      expect(readdirSync(out)).toEqual([])
    } finally {
      execFileSync('chattr', ['-i', file], { stdio: 'pipe' })
    }
    const log = openLogbook(dataDir, vault.key)
    expect(log.verify()).toMatchObject({ ok: true, size: 1 })
    log.close()
  })
})
