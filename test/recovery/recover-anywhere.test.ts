// Recovery anywhere: on a machine with no vault (HOME and CUSTOS_DATA_DIR empty), `custos
// recover` with three rendered sheet images of a real 3-of-5 set and the fingerprint prints
// the credential and writes a receipt; a forged set is refused by fingerprint; format 1
// sheets recover with the public key from the runbook; the receipt imports into the vault
// once, and tampered, other-set and replayed receipts are refused.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../main/core/api'
import { fixedClock } from '../../main/core/clock'
import { issueSheets } from '../../main/core/ceremonies/issue-sheets'
import { splitBundle } from '../../main/core/shares/split'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { groupForDisplay } from '../../shared/share-format'
import { apiCaller } from '../helpers/api-call'
import { awsKeyBundle, seedCustodians, seedMethod, withCeremonies } from '../helpers/ceremony-seed'
import { cliEntry, cliEnv, runCli } from '../helpers/run-cli'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeTempDir } from '../helpers/temp-dir'

const work = makeTempDir('custos-recover-')
const vaultDir = join(work.path, 'vault')
const clock = fixedClock(new Date('2026-03-14T09:00:00.000Z'))
const BUNDLE = awsKeyBundle()
const REQUEST_FLAGS = [
  '--ticket', 'INC-9001', '--justification', 'Vault laptop lost during the outage', '--risk', 'Payments down',
  '--why-not-normal', 'SSO is down', '--requester-name', 'Dana Ops', '--requester-team', 'SRE', '--requester-area', 'Payments',
  '--owner-team', 'Cloud platform', '--owner-contacts', '+41 44 000 00 09', '--use-case', 'Restore access after an SSO outage',
  '--operator', 'Erin Admin', '--reason', 'The vault laptop is in the repair shop',
]

let fingerprint = ''
let setId = ''
let pages: string[] = []
let bare: { home: string; data: string }

/** A machine without a vault: HOME and the data directory are empty temporary folders. */
function bareEnv(): Record<string, string> {
  return { HOME: bare.home, CUSTOS_DATA_DIR: bare.data, XDG_DATA_HOME: join(bare.home, '.local', 'share') }
}

beforeAll(async () => {
  const api = createApi({ dataDir: vaultDir, clock })
  await apiCaller(api).must('vault.init', { name: 'Payments production' })
  const issued = await withCeremonies(vaultDir, clock, async (ctx) => {
    seedMethod(ctx, {
      methodId: 'aws-prod',
      name: 'AWS production break-glass key',
      scope: 'AWS 123456789012 production',
      ownerTeam: 'Cloud platform',
      useCases: ['Restore access after an SSO outage'],
      access: 'AdministratorAccess',
      policy: { threshold: 3, total: 5, copies: 2 },
    })
    seedCustodians(ctx, ['Alice Martin', 'Bob Keller', 'Carol Weber', 'Dan Frey', 'Eve Lang', 'Fay Roth', 'Gus Hahn', 'Hana Ito', 'Ivo Kern', 'Jana Lutz'].map((name, i) => ({ name, contact: `+41 44 000 00 ${10 + i}`, team: 'Ops' })))
    return issueSheets(ctx, { methodId: 'aws-prod', bundle: BUNDLE })
  })
  setId = issued.issued.header.setId
  fingerprint = groupForDisplay(issued.issued.header.vaultFingerprint)
  writeFileSync(join(work.path, 'sheets.pdf'), issued.pdf)
  // Pages run share 1 copy 1, share 1 copy 2, share 2 copy 1, ...: take share 1 copy 2, share 3 copy 1, share 5 copy 2.
  const all = renderPdfPages(join(work.path, 'sheets.pdf'), work.path, 'page', 150)
  pages = [all[1]!, all[4]!, all[9]!]
  bare = { home: join(work.path, 'home'), data: join(work.path, 'nodata') }
  mkdirSync(bare.home)
  mkdirSync(bare.data)
}, 240_000)

afterAll(() => work.cleanup())

describe('custos recover on a machine without the vault', () => {
  let receiptPath = ''

  it('recovers the credential from three sheet images and the fingerprint, and writes a receipt', async () => {
    receiptPath = join(work.path, 'receipt.json')
    const run = await runCli(['recover', '--fingerprint', fingerprint, '--receipt', receiptPath, '--to-pipe', '--json', ...REQUEST_FLAGS, ...pages], { env: bareEnv() })
    expect(run.stderr).not.toMatch(/custos: /)
    expect(run.code).toBe(0)
    const out = run.json()
    expect(out.bundle).toEqual(BUNDLE)
    expect(out.setId).toBe(setId)
    // The sheets name themselves: share and copy as printed.
    expect(out.used.map((u: { index: number; copy: number }) => `${u.index}.${u.copy}`)).toEqual(['1.2', '3.1', '5.2'])
    const receipt = JSON.parse(readFileSync(receiptPath, 'utf8'))
    expect(receipt).toMatchObject({ setId, operator: 'Erin Admin', authenticity: 'checked', setVersion: 2 })
    expect(receipt.request.incidentTicket).toBe('INC-9001')
    expect(receipt.sheets.map((s: { index: number }) => s.index)).toEqual([1, 3, 5])
    // Nothing was made on the bare machine.
    expect(readdirSync(bare.data)).toEqual([])
    expect(readdirSync(bare.home)).toEqual([])
  }, 120_000)

  it('prints the credential to a terminal (a pseudo-terminal through script) without --to-pipe', async () => {
    const entry = await cliEntry()
    const receipt = join(work.path, 'r-tty.json')
    const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`
    const command = [process.execPath, entry, 'recover', '--fingerprint', fingerprint, '--receipt', receipt, ...REQUEST_FLAGS, ...pages].map(quote).join(' ')
    const out = execFileSync('script', ['-qec', command, '/dev/null'], { env: cliEnv({ env: bareEnv() }), encoding: 'utf8', input: '' })
    expect(out).toContain(BUNDLE.secretAccessKey)
    expect(out).toMatch(/Recovered set .* from share 1 copy 2, share 3 copy 1, share 5 copy 2/)
    expect(existsSync(receipt)).toBe(true)
    expect(readdirSync(bare.data)).toEqual([])
  }, 60_000)

  it('refuses to print the credential to a pipe without --to-pipe, before anything is read', async () => {
    const run = await runCli(['recover', '--fingerprint', fingerprint, '--receipt', join(work.path, 'r-pipe.json'), ...REQUEST_FLAGS, ...pages], { env: bareEnv() })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/NOT_A_TERMINAL/)
    expect(existsSync(join(work.path, 'r-pipe.json'))).toBe(false)
  })

  it('without a terminal, names every missing request field instead of asking', async () => {
    const run = await runCli(['recover', '--fingerprint', fingerprint, '--receipt', join(work.path, 'r-missing.json'), '--to-pipe', '--ticket', 'INC-1', ...pages], { env: bareEnv() })
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/REQUEST_INCOMPLETE/)
    expect(run.stderr).toMatch(/--operator/)
  })

  it('refuses a forged set made with another key, by its fingerprint', async () => {
    const forged = splitBundle({ bundle: { ...BUNDLE, secretAccessKey: 'x'.repeat(40) }, threshold: 3, total: 5 }, generateVaultKey())
    const files = forged.payloads.slice(0, 3).map((p, i) => {
      const file = join(work.path, `forged-${i}.txt`)
      writeFileSync(file, p + '\n')
      return file
    })
    const run = await runCli(['recover', '--fingerprint', fingerprint, '--receipt', join(work.path, 'r-forged.json'), '--to-pipe', ...REQUEST_FLAGS, ...files], { env: bareEnv() })
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/SHARE_FROM_OTHER_VAULT/)
    expect(run.stdout).not.toMatch(/secretAccessKey/)
  })

  it('recovers format 1 sheets with the public key from the runbook, and refuses them without one', async () => {
    const vectors = JSON.parse(readFileSync(new URL('../vectors/shares.json', import.meta.url), 'utf8'))
    const set = vectors.valid[0]
    const files = set.payloads.slice(0, set.threshold).map((p: string, i: number) => {
      const file = join(work.path, `v1-${i}.txt`)
      writeFileSync(file, p + '\n')
      return file
    })
    const args = ['recover', '--fingerprint', vectors.vaultFingerprint, '--to-pipe', '--json', ...REQUEST_FLAGS]
    const withKey = await runCli([...args, '--receipt', join(work.path, 'r-v1.json'), '--public-key', vectors.vaultPublicKeyBase64, ...files], { env: bareEnv() })
    expect(withKey.code).toBe(0)
    expect(JSON.stringify(withKey.json().bundle)).toBe(set.bundleJson)
    const noKey = await runCli([...args, '--receipt', join(work.path, 'r-v1b.json'), ...files], { env: bareEnv() })
    expect(noKey.json().error.code).toBe('SHARE_PUBLIC_KEY_NEEDED')
    const skipped = await runCli([...args, '--receipt', join(work.path, 'r-v1c.json'), '--skip-authenticity', ...files], { env: bareEnv() })
    expect(skipped.code).toBe(0)
    expect(skipped.stderr).toMatch(/AUTHENTICITY NOT CHECKED/)
    expect(JSON.parse(readFileSync(join(work.path, 'r-v1c.json'), 'utf8')).authenticity).toBe('not-checked')
  }, 60_000)

  it('the receipt imports into the vault as a release once; tampered, other-set and replayed receipts are refused', async () => {
    const text = readFileSync(receiptPath, 'utf8')
    const tampered = JSON.parse(text)
    tampered.operator = 'Mallory'
    const tamperedPath = join(work.path, 'tampered.json')
    writeFileSync(tamperedPath, JSON.stringify(tampered, null, 2))
    const env = { CUSTOS_DATA_DIR: vaultDir }
    const bad = await runCli(['release', 'import-receipt', tamperedPath, '--json'], { env })
    expect(bad.json().error.code).toBe('RECEIPT_INVALID')

    const ok = await runCli(['release', 'import-receipt', receiptPath, '--json'], { env })
    expect(ok.code).toBe(0)
    const imported = ok.json()
    expect(imported).toMatchObject({ setId, operator: 'Erin Admin', quorumProven: true, authenticityChecked: true })
    // Copy 2 of share 1 and of share 5 are named by the sheet itself: their holders, not copy 1's.
    const api = createApi({ dataDir: vaultDir, clock })
    const sets = await apiCaller(api).must('sets.list', {})
    const sheets = sets.sets.find((s: { setId: string }) => s.setId === setId)!.sheets as { index: number; copy: number; custodianId: string }[]
    const holder = (index: number, copy: number) => sheets.find((s) => s.index === index && s.copy === copy)!.custodianId
    expect(imported.presented).toEqual([
      { index: 1, copy: 2, custodianId: holder(1, 2) },
      { index: 3, copy: 1, custodianId: holder(3, 1) },
      { index: 5, copy: 2, custodianId: holder(5, 2) },
    ])
    const releases = await apiCaller(api).must('releases.list', {})
    expect(releases.releases.some((r: { releaseId: string }) => r.releaseId === imported.releaseId)).toBe(true)
    const obligations = await apiCaller(api).must('obligations.list', {})
    expect(JSON.stringify(obligations)).toContain(imported.releaseId)

    const replay = await runCli(['release', 'import-receipt', receiptPath, '--json'], { env })
    expect(replay.json().error.code).toBe('RECEIPT_ALREADY_IMPORTED')

    const otherVault = generateVaultKey()
    const other = splitBundle({ bundle: BUNDLE, threshold: 2, total: 3 }, otherVault)
    const otherFiles = other.payloads.slice(0, 2).map((p, i) => {
      const file = join(work.path, `other-${i}.txt`)
      writeFileSync(file, p + '\n')
      return file
    })
    const otherReceipt = join(work.path, 'other-receipt.json')
    const rec = await runCli(['recover', '--fingerprint', otherVault.fingerprint, '--receipt', otherReceipt, '--to-pipe', '--json', ...REQUEST_FLAGS, ...otherFiles], { env: bareEnv() })
    expect(rec.code).toBe(0)
    const foreign = await runCli(['release', 'import-receipt', otherReceipt, '--json'], { env })
    expect(foreign.json().error.code).toBe('RECEIPT_FROM_OTHER_SET')
  }, 120_000)
})

void renderSheetsPdf
