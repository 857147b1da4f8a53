// The `custos log` commands as an operator and an auditor use them, on a vault made by
// `custos init` and `custos split`, including a tampered log and held checkpoints.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli'
import { attackerDb, dropGuards, tempDir } from './logbook-helpers'

const SECRET = 'canary-7d1f0e3b-password'
const BUNDLE = JSON.stringify({ kind: 'generic', fields: { password: SECRET } })
let dataDir: string
let shareDir: string
let checkpointFile: string

beforeAll(async () => {
  const root = tempDir('custos-log-cli-')
  dataDir = join(root, 'vault')
  shareDir = join(root, 'shares')
  checkpointFile = join(root, 'checkpoint.txt')
  const env = { CUSTOS_ACTOR: 'ops-alice' }
  const now = '2026-05-01T08:00:00Z'
  expect((await runCli(['init', '--data-dir', dataDir, '--name', 'Payments prod'], { env, now })).code).toBe(0)
  const split = await runCli(['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', shareDir, '--json'], { input: BUNDLE, env, now })
  expect(split.code).toBe(0)
})

describe('custos log', () => {
  it('shows init and split as entries, with share fingerprints but no share and no secret', async () => {
    const run = await runCli(['log', 'show', '--data-dir', dataDir, '--json'])
    expect(run.code).toBe(0)
    const { entries, size } = run.json()
    expect(size).toBe(2)
    expect(entries.map((e: { type: string }) => e.type)).toEqual(['vault.created', 'set.issued'])
    expect(entries[0]).toMatchObject({ seq: 1, actor: 'ops-alice', time: '2026-05-01T08:00:00.000Z', event: { name: 'Payments prod' } })
    expect(entries[1].event).toMatchObject({ threshold: 2, total: 3, shareFingerprints: [expect.any(String), expect.any(String), expect.any(String)] })
    const files = readdirSync(dataDir).filter((f) => f.startsWith('logbook'))
    const payloads = readdirSync(shareDir).map((f) => readFileSync(join(shareDir, f), 'utf8').trim())
    for (const f of files) {
      const bytes = readFileSync(join(dataDir, f))
      expect(bytes.includes(SECRET), f).toBe(false)
      for (const p of payloads) expect(bytes.includes(p.slice(-40)), `${f} holds a share`).toBe(false)
    }
  })

  it('issues a checkpoint to a file and verifies the log against it', async () => {
    const cp = await runCli(['log', 'checkpoint', '--data-dir', dataDir, '--out', checkpointFile])
    expect(cp.code).toBe(0)
    expect(readFileSync(checkpointFile, 'utf8')).toMatch(/^custos\.logbook\/[0-9A-Z]{16}\n2\n/)
    const verify = await runCli(['log', 'verify', '--data-dir', dataDir, '--checkpoint', checkpointFile, '--full', '--json'])
    expect(verify.code).toBe(0)
    expect(verify.json().report).toMatchObject({ ok: true, size: 2, signaturesChecked: 2, checkpoints: [{ status: 'consistent' }] })
  })

  it('exits 6 naming the entry and the kind of failure when an entry was changed', async () => {
    const db = attackerDb(join(dataDir, 'logbook.sqlite'))
    dropGuards(db)
    db.exec(`UPDATE entries SET payload = replace(payload, '"threshold":2', '"threshold":3') WHERE seq = 2`)
    db.close()
    const text = await runCli(['log', 'verify', '--data-dir', dataDir])
    expect(text.code).toBe(6)
    expect(text.stderr).toMatch(/entry 2 is modified/)
    expect(text.stderr).toContain('[LOG_VERIFY_FAILED]')
    const json = await runCli(['log', 'verify', '--data-dir', dataDir, '--json'])
    expect(json.code).toBe(6)
    expect(json.json().error).toMatchObject({ code: 'LOG_VERIFY_FAILED', details: { seq: 2, kind: 'modified' } })
    // Inspection still works on the broken log; recording does not.
    expect((await runCli(['log', 'show', '--data-dir', dataDir, '--json'])).code).toBe(0)
    const refused = await runCli(['log', 'checkpoint', '--data-dir', dataDir, '--json'])
    expect(refused.code).toBe(6)
    expect(refused.json().error.details).toMatchObject({ seq: 2, kind: 'modified' })
  })

  it('exits 6 with "truncated" when the log is shorter than a held checkpoint', async () => {
    const db = attackerDb(join(dataDir, 'logbook.sqlite'))
    db.exec('DELETE FROM entries WHERE seq = 2')
    db.close()
    const run = await runCli(['log', 'verify', '--data-dir', dataDir, '--checkpoint', checkpointFile, '--json'])
    expect(run.code).toBe(6)
    expect(run.json().error.details).toMatchObject({ seq: 2, kind: 'truncated' })
    writeFileSync(checkpointFile + '.bad', 'not a checkpoint\n')
    const bad = await runCli(['log', 'verify', '--data-dir', dataDir, '--checkpoint', checkpointFile + '.bad', '--json'])
    expect(bad.json().error.details).toMatchObject({ seq: null, kind: 'checkpoint-invalid' })
  })
})
