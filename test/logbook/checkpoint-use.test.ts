// Checkpoints in everyday use (issue 14, item 3): every checkpoint Custos hands out or is given
// is kept in the data directory's checkpoints/ folder, and writes refuse (exit 6) on a log that
// was rolled back behind the newest one, even when the remembered head was rolled back with it.
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { closeSharedLogbooks } from '../../main/core/logbook/shared-logbook'
import { custosInProcess } from '../cli/in-process-cli'
import { makeTempDir } from '../helpers/temp-dir'

const temps: { cleanup(): void }[] = []
afterEach(() => {
  closeSharedLogbooks()
  for (const t of temps.splice(0)) t.cleanup()
})

const NOW = '2026-05-04T10:00:00Z'
const cli = (args: string[]) => custosInProcess(args, { now: NOW })

async function vault() {
  const tmp = makeTempDir('custos-checkpoint-use-')
  temps.push(tmp)
  const dataDir = join(tmp.path, 'vault')
  expect((await cli(['init', '--data-dir', dataDir, '--name', 'Checkpoint test'])).code).toBe(0)
  const add = (name: string) => cli(['custodian', 'add', '--data-dir', dataDir, '--name', name, '--contact', 'x@example.com', '--team', 'Ops', '--json'])
  for (const name of ['Alice Martin', 'Bob Keller']) expect((await add(name)).code).toBe(0)
  return { tmp, dataDir, add }
}

/** Copies the whole data directory (log, remembered head, keys) aside: a backup to roll back to. */
function backup(dataDir: string, to: string): void {
  closeSharedLogbooks() // the write-ahead log is folded into the file first
  cpSync(dataDir, to, { recursive: true })
}

function restore(from: string, dataDir: string, keep: string[] = []): void {
  closeSharedLogbooks()
  const kept = keep.map((name) => ({ name, path: join(dataDir, name), aside: `${dataDir}.${name}.aside` }))
  for (const k of kept) if (existsSync(k.path)) cpSync(k.path, k.aside, { recursive: true })
  rmSync(dataDir, { recursive: true, force: true })
  cpSync(from, dataDir, { recursive: true })
  for (const k of kept) {
    rmSync(k.path, { recursive: true, force: true })
    if (existsSync(k.aside)) cpSync(k.aside, k.path, { recursive: true })
  }
}

async function logSize(dataDir: string): Promise<number> {
  const r = await cli(['log', 'show', '--data-dir', dataDir, '--json'])
  return r.json().size
}

describe('checkpoints in everyday use', () => {
  it('keeps every checkpoint it hands out, and refuses writes on a log rolled back behind it even with the head mark rolled back too', async () => {
    const v = await vault()
    const old = join(v.tmp.path, 'backup')
    backup(v.dataDir, old)
    expect((await v.add('Carol Weber')).code).toBe(0)
    const cp = await cli(['log', 'checkpoint', '--data-dir', v.dataDir, '--json'])
    expect(cp.code).toBe(0)
    const size = cp.json().size as number
    expect(readdirSync(join(v.dataDir, 'checkpoints'))).toHaveLength(1)

    // Roll the log and its remembered head back; the checkpoints folder stays (it is what was handed out).
    restore(old, v.dataDir, ['checkpoints'])
    expect(await logSize(v.dataDir)).toBe(size - 1)
    const refused = await v.add('Mallory Evil')
    expect(refused.code).toBe(6)
    expect(refused.json().error.code).toBe('LOG_VERIFY_FAILED')
    expect(refused.json().error.message).toMatch(/remembered checkpoint .*checkpoints/)
    expect(refused.json().error.message).toMatch(new RegExp(`shows ${size} entries but the log has only ${size - 1}`))
    expect(await logSize(v.dataDir)).toBe(size - 1) // nothing appended
  })

  it('refuses writes once a newer checkpoint from a custodian is given with log checkpoint --remember, after a whole-directory rollback', async () => {
    const v = await vault()
    const old = join(v.tmp.path, 'backup')
    backup(v.dataDir, old)
    expect((await v.add('Carol Weber')).code).toBe(0)
    const note = join(v.tmp.path, 'custodian-checkpoint.txt')
    expect((await cli(['log', 'checkpoint', '--data-dir', v.dataDir, '--out', note])).code).toBe(0)

    // The whole data directory, checkpoints/ and logbook-head.json included, goes back to the backup.
    restore(old, v.dataDir)
    const size = await logSize(v.dataDir)

    const remembered = await cli(['log', 'checkpoint', '--data-dir', v.dataDir, '--remember', note, '--json'])
    expect(remembered.code).toBe(6)
    expect(remembered.json().error.code).toBe('LOG_VERIFY_FAILED')
    expect(remembered.json().error.message).toMatch(/checkpoint was kept .*does not extend it/)
    const refused = await v.add('Mallory Evil')
    expect(refused.code).toBe(6)
    expect(refused.json().error.message).toMatch(/remembered checkpoint/)
    expect(await logSize(v.dataDir)).toBe(size)
  })

  it('keeps a checkpoint the log extends and carries on writing', async () => {
    const v = await vault()
    const note = join(v.tmp.path, 'cp.txt')
    expect((await cli(['log', 'checkpoint', '--data-dir', v.dataDir, '--out', note])).code).toBe(0)
    const kept = await cli(['log', 'checkpoint', '--data-dir', v.dataDir, '--remember', note])
    expect(kept.code).toBe(0)
    expect(kept.stdout).toMatch(/Checkpoint kept: the log extends it/)
    expect((await v.add('Carol Weber')).code).toBe(0)
  })

  it('refuses to keep a checkpoint that is not this vault\'s, and keeps nothing', async () => {
    const v = await vault()
    const other = await vault()
    const note = join(v.tmp.path, 'other.txt')
    expect((await cli(['log', 'checkpoint', '--data-dir', other.dataDir, '--out', note])).code).toBe(0)
    const r = await cli(['log', 'checkpoint', '--data-dir', v.dataDir, '--remember', note, '--json'])
    expect(r.code).toBe(3)
    expect(r.json().error.code).toBe('CHECKPOINT_INVALID')
    expect(existsSync(join(v.dataDir, 'checkpoints'))).toBe(false)
    writeFileSync(note, 'not a checkpoint\n')
    expect((await cli(['log', 'checkpoint', '--data-dir', v.dataDir, '--remember', note])).code).toBe(3)
    expect((await v.add('Carol Weber')).code).toBe(0)
  })
})
