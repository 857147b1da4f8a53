// The signing keys at rest: sealed under a passphrase, so whoever copies the data directory
// can read the log but cannot append to it or re-sign a changed history. Asked at a terminal,
// read from CUSTOS_PASSPHRASE_FILE in scripts, refused (exit 2) when neither is there.
import { execFileSync, spawn } from 'node:child_process'
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSealedKey } from '../../main/core/vault/key-file'
import { custosInProcess } from '../cli/in-process-cli'
import { cliEntry } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'
import { TEST_PASSPHRASE } from '../helpers/test-setup'

let tmp: ReturnType<typeof makeTempDir>
let vault: string
const passFile = (text: string, name: string) => {
  const path = join(tmp.path, name)
  writeFileSync(path, `${text}\n`, { mode: 0o600 })
  return path
}
const custodian = (dataDir: string, id: string, env: Record<string, string> = {}) =>
  custosInProcess(['custodian', 'add', '--data-dir', dataDir, '--id', id, '--name', `Person ${id}`, '--contact', `${id}@example.com`, '--team', 'Ops'], { env })
const entries = (dataDir: string) => {
  const db = new Database(join(dataDir, 'logbook.sqlite'), { readonly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM entries').get() as { n: number }).n
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  tmp = makeTempDir('custos-keys-')
  vault = join(tmp.path, 'vault')
  const init = await custosInProcess(['init', '--data-dir', vault, '--name', 'Sealed keys'])
  expect(init.code).toBe(0)
  expect((await custodian(vault, 'alice')).code).toBe(0)
  const exported = await custosInProcess(['audit', 'export', '--data-dir', vault, '--out', join(tmp.path, 'audit.pdf')])
  expect(exported.code).toBe(0)
})
afterAll(() => tmp?.cleanup())

describe('signing keys sealed under a passphrase', () => {
  it('writes no plaintext private key into the data directory: the vault and audit keys are sealed (scrypt, AES-256-GCM)', () => {
    const files = readdirSync(vault)
    expect(files).toEqual(expect.arrayContaining(['vault-key.sealed', 'audit-root-key.sealed', 'audit-signer-key.sealed']))
    expect(files.filter((f) => f.endsWith('.pem') && f.includes('key'))).toEqual([])
    for (const file of files.filter((f) => statSync(join(vault, f)).isFile())) {
      expect(readFileSync(join(vault, file), 'latin1'), file).not.toContain('PRIVATE KEY')
    }
    for (const file of ['vault-key.sealed', 'audit-root-key.sealed', 'audit-signer-key.sealed']) {
      expect(statSync(join(vault, file)).mode & 0o777).toBe(0o600)
      const sealed = JSON.parse(readFileSync(join(vault, file), 'utf8'))
      expect(sealed).toMatchObject({ format: 'custos-sealed-key', version: 1, kdf: { name: 'scrypt', r: 8, p: 1 }, cipher: { name: 'aes-256-gcm' } })
      expect(openSealedKey(readFileSync(join(vault, file), 'utf8'), TEST_PASSPHRASE, sealed.purpose, file)).toContain('BEGIN PRIVATE KEY')
    }
  })

  it('a copy of the data directory without the passphrase can be read and verified, but not appended to', async () => {
    const copy = join(tmp.path, 'copy-without-passphrase')
    cpSync(vault, copy, { recursive: true })
    const before = entries(copy)
    const env = { CUSTOS_PASSPHRASE_FILE: '' }
    const verified = await custosInProcess(['log', 'verify', '--full', '--data-dir', copy], { env })
    expect(verified.code).toBe(0)
    const listed = await custosInProcess(['custodian', 'list', '--data-dir', copy, '--json'], { env })
    expect(listed.code).toBe(0)
    const add = await custodian(copy, 'mallory', env)
    expect(add.code).toBe(2)
    expect(add.stderr.trim().split('\n')).toHaveLength(1)
    expect(add.stderr).toMatch(/protected by a passphrase.*CUSTOS_PASSPHRASE_FILE/)
    const guessed = await custodian(copy, 'mallory', { CUSTOS_PASSPHRASE_FILE: passFile('a wrong guess of it', 'guess') })
    expect(guessed.code).toBe(5)
    expect(guessed.stderr).toMatch(/passphrase does not unlock .*vault-key\.sealed.*\[PASSPHRASE_WRONG\]/)
    expect(entries(copy)).toBe(before)
  })

  it('an edited entry cannot be re-signed without the passphrase: the rewrite is found and appending stays refused', async () => {
    const copy = join(tmp.path, 'copy-rewritten')
    cpSync(vault, copy, { recursive: true })
    // The attacker drops the append-only guards and edits custodian alice's entry.
    const db = new Database(join(copy, 'logbook.sqlite'))
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${name}"`)
    db.prepare("UPDATE entries SET payload = replace(payload, 'alice@example.com', 'mallory@example.com') WHERE type = 'custodian.added'").run()
    db.close()
    const verify = await custosInProcess(['log', 'verify', '--full', '--data-dir', copy], { env: { CUSTOS_PASSPHRASE_FILE: '' } })
    expect(verify.code).toBe(6)
    // Re-signing needs the private key, which opens only with the passphrase.
    const sealed = readFileSync(join(copy, 'vault-key.sealed'), 'utf8')
    expect(() => openSealedKey(sealed, 'password123456', 'vault-key', 'vault-key.sealed')).toThrow(/does not unlock/)
    const append = await custodian(copy, 'mallory', { CUSTOS_PASSPHRASE_FILE: '' })
    expect(append.code).not.toBe(0)
  })

  it('refuses a passphrase shorter than 12 characters when a vault is made, and makes nothing', async () => {
    const dir = join(tmp.path, 'short')
    const run = await custosInProcess(['init', '--data-dir', dir, '--name', 'Short'], { env: { CUSTOS_PASSPHRASE_FILE: passFile('too short', 'short-pass') } })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/at least 12 characters/)
    expect(() => readdirSync(dir)).toThrow()
  })

  it('asks for the passphrase at a terminal (twice when making a vault) and never echoes it', async () => {
    const entry = await cliEntry()
    const dir = join(tmp.path, 'at-a-terminal')
    const secret = 'typed at the terminal 42'
    const init = await atTerminal(`node ${entry} init --data-dir ${dir} --name Terminal`, [
      ['Choose a passphrase for the vault keys', secret],
      ['Type it again', secret],
    ])
    expect(init.code).toBe(0)
    expect(init.screen).not.toContain(secret)
    const add = await atTerminal(`node ${entry} custodian add --data-dir ${dir} --id bob --name Bob --contact bob@example.com --team Ops`, [
      ['Passphrase for the vault keys', secret],
    ])
    expect(add.code).toBe(0)
    expect(add.screen).not.toContain(secret)
    const list = execFileSync(process.execPath, [entry, 'custodian', 'list', '--data-dir', dir, '--json'], { env: terminalEnv(), encoding: 'utf8' })
    expect(JSON.parse(list).custodians.map((c: { custodianId: string }) => c.custodianId)).toEqual(['bob'])
  })
})

const terminalEnv = () => ({ ...process.env, CUSTOS_PASSPHRASE_FILE: '', CUSTOS_DATA_DIR: '' })

/** Runs a command in a real terminal (script(1)), typing each answer only once its prompt is on screen. */
function atTerminal(command: string, dialogue: [prompt: string, answer: string][]): Promise<{ code: number; screen: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: terminalEnv(), stdio: ['pipe', 'pipe', 'pipe'] })
    let screen = ''
    let next = 0
    const onOutput = (data: Buffer) => {
      screen += data.toString('utf8')
      while (next < dialogue.length && screen.split(dialogue[next]![0]).length - 1 >= 1 + countBefore(next)) {
        child.stdin.write(`${dialogue[next]![1]}\n`)
        next++
      }
    }
    // A prompt text may repeat ("Passphrase" twice): count how many earlier steps had the same prompt.
    const countBefore = (i: number) => dialogue.slice(0, i).filter(([p]) => p === dialogue[i]![0]).length
    child.stdout.on('data', onOutput)
    child.stderr.on('data', onOutput)
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, screen }))
  })
}
