// The `custos` command as a person or script uses it: init, split from stdin, combine (which
// in a vault only checks: recovery is a logged release), inspect, with JSON output and exit codes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../helpers/temp-dir'
import { runCli } from '../helpers/run-cli'

const tmp = makeTempDir()
const vaultDir = join(tmp.path, 'vault')
const sharesDir = join(tmp.path, 'shares')
const bundle = {
  kind: 'aws-access-key',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  accountId: '123456789012',
  userName: 'breakglass',
  notes: 'org management account',
}
let files: string[] = []

beforeAll(async () => {
  const init = await runCli(['init', '--data-dir', vaultDir, '--name', 'Payments prod', '--json'])
  expect(init.code).toBe(0)
  const split = await runCli(
    ['split', '--data-dir', vaultDir, '--threshold', '3', '--shares', '5', '--out', sharesDir, '--json'],
    { input: JSON.stringify(bundle) },
  )
  expect(split.code, split.stdout + split.stderr).toBe(0)
  files = split.json().files
})
afterAll(() => tmp.cleanup())

describe('custos CLI', () => {
  it('init creates a vault whose private key only the owner can read, sealed under the passphrase', () => {
    expect(statSync(join(vaultDir, 'vault-key.sealed')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(vaultDir, 'vault-key.sealed'), 'utf8')).not.toContain('PRIVATE KEY')
    const info = JSON.parse(readFileSync(join(vaultDir, 'vault.json'), 'utf8'))
    expect(info.name).toBe('Payments prod')
    expect(info.fingerprint).toMatch(/^[0-9A-Z]{16}$/)
  })

  it('split writes one file per share holding exactly the QR payload and a newline, and nothing else', () => {
    expect(files).toHaveLength(5)
    expect(readdirSync(sharesDir).sort()).toEqual(files.map((f) => f.split('/').pop()).sort())
    for (const file of files) expect(readFileSync(file, 'utf8')).toMatch(/^CUSTOS:[0-9A-Z]+\n$/)
  })

  it('combine in a vault never prints the credential: it names custos release and logs nothing', async () => {
    const before = (await runCli(['log', 'show', '--data-dir', vaultDir, '--json'])).json().size
    const run = await runCli(['combine', '--data-dir', vaultDir, files[4]!, files[0]!, files[2]!])
    expect(run.code).toBe(7)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/custos release request/)
    expect(run.stderr).toMatch(/custos release grant/)
    expect(run.stderr).toContain('[RECOVERY_NEEDS_RELEASE]')
    expect(run.stderr).not.toContain(bundle.secretAccessKey)
    expect((await runCli(['log', 'show', '--data-dir', vaultDir, '--json'])).json().size).toBe(before)
  })

  it('combine --check says any three shares recombine, without showing the credential', async () => {
    const run = await runCli(['combine', '--check', '--data-dir', vaultDir, '--json', files[4]!, files[0]!, files[2]!])
    expect(run.code, run.stderr).toBe(0)
    expect(run.json()).toMatchObject({ recombines: true, threshold: 3, total: 5 })
    expect(run.json().used.map((u: { index: number }) => u.index).sort()).toEqual([1, 3, 5])
    expect(run.stdout + run.stderr).not.toContain(bundle.secretAccessKey)
  })

  it('combine with too few shares exits 4 and says how many more are needed', async () => {
    const run = await runCli(['combine', '--check', '--data-dir', vaultDir, files[0]!, files[1]!])
    expect(run.code).toBe(4)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/needs 3 different shares; 2 were presented\. Present 1 more share/)
  })

  it('combine --check names a damaged share, sets it aside and still recombines the rest', async () => {
    const damaged = join(tmp.path, 'damaged.txt')
    const text = readFileSync(files[1]!, 'utf8')
    writeFileSync(damaged, text.slice(0, 200) + (text[200] === 'A' ? 'B' : 'A') + text.slice(201))
    const run = await runCli(['combine', '--check', '--data-dir', vaultDir, '--json', files[0]!, damaged, files[2]!, files[3]!])
    expect(run.code).toBe(0)
    const out = run.json()
    expect(out.recombines).toBe(true)
    expect(run.stdout).not.toContain(bundle.secretAccessKey)
    expect(out.rejected).toEqual([expect.objectContaining({ source: damaged, error: expect.objectContaining({ code: 'SHARE_CHECKSUM_MISMATCH' }) })])
  })

  it('inspect describes a share and its signature without revealing the secret', async () => {
    const run = await runCli(['inspect', '--data-dir', vaultDir, files[1]!, '--json'])
    expect(run.code).toBe(0)
    expect(run.json()).toMatchObject({ index: 2, threshold: 3, total: 5, signature: 'valid' })
    expect(run.stdout).not.toContain(bundle.secretAccessKey)
    const other = await runCli(['inspect', '--data-dir', join(tmp.path, 'no-vault'), files[1]!, '--json'])
    expect(other.json()).toMatchObject({ signature: 'not-checked' })
  })

  it('split refuses an invalid bundle with exit 3, naming the field, and writes nothing', async () => {
    const out = join(tmp.path, 'refused')
    const run = await runCli(
      ['split', '--data-dir', vaultDir, '--threshold', '2', '--shares', '3', '--out', out],
      { input: JSON.stringify({ ...bundle, secretAccessKey: 'short' }) },
    )
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/secretAccessKey must be exactly 40 characters/)
    expect(() => readdirSync(out)).toThrow()
  })

  it('split refuses a non-empty output directory so no earlier share is overwritten', async () => {
    const run = await runCli(
      ['split', '--data-dir', vaultDir, '--threshold', '2', '--shares', '3', '--out', sharesDir],
      { input: JSON.stringify(bundle) },
    )
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/not empty/)
  })

  it('split refuses K > N and N > 16 with the allowed range', async () => {
    for (const [k, n] of [['4', '3'], ['2', '17'], ['1', '3']]) {
      const run = await runCli(
        ['split', '--data-dir', vaultDir, '--threshold', k!, '--shares', n!, '--out', join(tmp.path, `p${k}${n}`)],
        { input: JSON.stringify(bundle) },
      )
      expect(run.code).toBe(3)
      expect(run.stderr).toMatch(/2 <= K <= N <= 16/)
    }
  })

  it('commands against a missing vault exit 5 and say how to create one', async () => {
    const run = await runCli(['combine', '--data-dir', join(tmp.path, 'nowhere'), files[0]!])
    expect(run.code).toBe(5)
    expect(run.stderr).toMatch(/custos init --data-dir/)
    // Recovery on a machine without the vault is its own command.
    expect(run.stderr).toMatch(/custos recover/)
  })

  it('init refuses to overwrite an existing vault', async () => {
    const run = await runCli(['init', '--data-dir', vaultDir, '--name', 'again'])
    expect(run.code).toBe(5)
    expect(run.stderr).toMatch(/already exists/)
  })

  it('unknown commands and missing options exit 2 with usage help', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2)
    expect((await runCli(['split', '--data-dir', vaultDir])).code).toBe(2)
  })

  it('CUSTOS_DATA_DIR selects the vault when --data-dir is not given', async () => {
    const run = await runCli(['combine', '--check', files[0]!, files[1]!, files[2]!], { env: { CUSTOS_DATA_DIR: vaultDir } })
    expect(run.code).toBe(0)
  })

  it('--help lists every command', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    for (const command of ['init', 'split', 'combine', 'inspect']) expect(run.stdout).toContain(command)
  })
})

