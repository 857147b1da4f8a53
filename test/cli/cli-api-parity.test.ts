// The divergences issue 13 found between the `custos` command line and the app, each run the
// same way through both front ends on twin vaults: the CLI (main(), in process) and the API
// (createApi + dispatch, as the app's IPC calls it). Both must log the same entries, write
// files with the same modes and refuse with the same errors.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Api } from '../../shared/api'
import { createApi, dispatch, fixedClock } from '../../main/core/api'
import { groupForDisplay } from '../../shared/share-format'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { custosInProcess } from './in-process-cli'

const tmp = makeTempDir('custos-parity-')
afterAll(() => tmp.cleanup())
const now = '2026-03-02T10:00:00Z'
const BUNDLE = { kind: 'generic', fields: { password: 'parity-secret-value' } }
const cliDir = join(tmp.path, 'cli-vault')
const apiDir = join(tmp.path, 'api-vault')
const desktop = createFakeDesktopPort()
let api: Api

const cli = (args: string[], input?: string) => custosInProcess([...args, '--data-dir', cliDir], { now, ...(input !== undefined ? { input } : {}) })
async function call<T = any>(name: string, input: unknown = {}): Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } }> {
  return (await dispatch(api, name, input)) as never
}
async function must<T = any>(name: string, input: unknown = {}): Promise<T> {
  const result = await call<T>(name, input)
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** Entries as either front end logged them, without what differs by nature (ids, times, hashes). */
async function entriesOf(dataDir: string, fromSeq = 1): Promise<{ type: string; event: Record<string, unknown> }[]> {
  const book = createApi({ dataDir, clock: fixedClock(now) })
  const result = await dispatch(book, 'log.entries', { fromSeq, limit: 1000 })
  if (!result.ok) throw new Error(result.error.message)
  const ids = /^(setId|releaseId|fingerprint|publicKey|receiptPublicKey|shareFingerprints|vaultFingerprint|name|drillId)$/
  return (result.value as { entries: { type: string; event: Record<string, unknown> }[] }).entries.map((e) => ({
    type: e.type,
    event: Object.fromEntries(Object.entries(e.event).filter(([k]) => !ids.test(k))),
  }))
}
const sizeOf = async (dataDir: string) => (await entriesOf(dataDir)).length

let cliSet = ''
let apiSet = ''

beforeAll(async () => {
  api = createApi({ dataDir: apiDir, clock: fixedClock(now), desktop })
  expect((await cli(['init', '--name', 'Parity'])).code).toBe(0)
  await must('vault.init', { name: 'Parity' })
  const method = ['--id', 'aws-prod', '--name', 'AWS prod', '--scope', 'AWS 1', '--owner-team', 'Cloud', '--use-case', 'Outage', '--access', 'Admin', '--threshold', '2', '--shares', '3', '--copies', '1']
  expect((await cli(['method', 'add', ...method])).code).toBe(0)
  await must('methods.add', { methodId: 'aws-prod', name: 'AWS prod', scope: 'AWS 1', ownerTeam: 'Cloud', useCases: ['Outage'], access: 'Admin', policy: { threshold: 2, total: 3, copies: 1 } })
  for (const id of ['alice', 'bob', 'carol', 'dave']) {
    expect((await cli(['custodian', 'add', '--id', id, '--name', id, '--contact', `${id}@example.com`, '--team', 'Ops'])).code).toBe(0)
    await must('custodians.add', { custodianId: id, name: id, contact: `${id}@example.com`, team: 'Ops' })
  }
  expect(await entriesOf(cliDir)).toEqual(await entriesOf(apiDir))
}, 120_000)

describe('the command line and the app do the same thing', () => {
  it('issuing sheets into an existing 0644 file leaves it 0600 from both, with the same entries logged', async () => {
    const cliPdf = join(tmp.path, 'cli-sheets.pdf')
    const apiPdf = join(tmp.path, 'api-sheets.pdf')
    for (const file of [cliPdf, apiPdf]) {
      writeFileSync(file, 'an older, world-readable file')
      chmodSync(file, 0o644)
    }
    const before = [await sizeOf(cliDir), await sizeOf(apiDir)]
    const run = await cli(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', cliPdf, '--json'], JSON.stringify(BUNDLE))
    expect(run.code, run.stderr).toBe(0)
    cliSet = run.json().setId
    apiSet = (await must('issuance.start', { methodId: 'aws-prod', bundle: BUNDLE })).setId
    desktop.nextSavePath = apiPdf
    expect(await must('issuance.savePdf', { setId: apiSet })).toMatchObject({ saved: true, path: apiPdf })
    for (const file of [cliPdf, apiPdf]) {
      expect(statSync(file).mode & 0o777, file).toBe(0o600)
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
    }
    expect(await entriesOf(cliDir, before[0]! + 1)).toEqual(await entriesOf(apiDir, before[1]! + 1))
  })

  it('a set id as printed ("ABCD-EFGH", any case) is accepted by both', async () => {
    const printed = (setId: string) => groupForDisplay(setId).toLowerCase()
    expect(printed(cliSet)).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}$/)
    const before = [await sizeOf(cliDir), await sizeOf(apiDir)]
    const run = await cli(['ceremony', 'handover', '--set', printed(cliSet), '--sheet', '1.1', '--custodian', 'alice', '--bag', 'TE-1'])
    expect(run.code, run.stderr).toBe(0)
    await must('issuance.handover', { setId: printed(apiSet), index: 1, copy: 1, custodianId: 'alice', bagSerial: 'TE-1' })
    const cliEntries = await entriesOf(cliDir, before[0]! + 1)
    expect(cliEntries).toEqual([{ type: 'sheet.handed-over', event: expect.objectContaining({ index: 1, copy: 1, custodianId: 'alice', bagSerial: 'TE-1' }) }])
    expect(cliEntries).toEqual(await entriesOf(apiDir, before[1]! + 1))
  })

  it('custody (bag opened, resealed, moved, lost) and the roster review are logged alike by both', async () => {
    const before = [await sizeOf(cliDir), await sizeOf(apiDir)]
    const steps: [string[], string, Record<string, unknown>][] = [
      [['custody', 'bag-opened', '--sheet', '1.1', '--serial', 'TE-9', '--reason', 'Quarterly check'], 'custody.bagOpened', { index: 1, copy: 1, serial: 'TE-9', reason: 'Quarterly check' }],
      [['custody', 'resealed', '--sheet', '1.1', '--serial', 'TE-2'], 'custody.resealed', { index: 1, copy: 1, serial: 'TE-2' }],
      [['custody', 'moved', '--sheet', '1.1', '--to', 'dave', '--bag', 'TE-3'], 'custody.moved', { index: 1, copy: 1, toCustodianId: 'dave', bagSerial: 'TE-3' }],
      [['custody', 'lost', '--sheet', '2.1', '--note', 'Left on a train'], 'custody.lost', { index: 2, copy: 1, note: 'Left on a train' }],
    ]
    for (const [args, op, input] of steps) {
      const run = await cli([...args, '--set', cliSet])
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0)
      await must(op, { ...input, setId: apiSet })
    }
    expect((await cli(['custodian', 'review', '--reviewer', 'Rita', '--note', 'All reachable'])).code).toBe(0)
    await must('custodians.reviewRoster', { reviewer: 'Rita', note: 'All reachable' })
    const cliEntries = await entriesOf(cliDir, before[0]! + 1)
    expect(cliEntries.map((e) => e.type)).toEqual(['sheet.bag-opened', 'custody.exception', 'sheet.bag-resealed', 'sheet.moved', 'sheet.lost', 'roster.reviewed'])
    expect(cliEntries).toEqual(await entriesOf(apiDir, before[1]! + 1))
  })

  it('the runbook is written 0600 by both, over an older 0644 file', async () => {
    const cliRunbook = join(tmp.path, 'cli-runbook.pdf')
    const apiRunbook = join(tmp.path, 'api-runbook.pdf')
    for (const file of [cliRunbook, apiRunbook]) {
      writeFileSync(file, 'old')
      chmodSync(file, 0o644)
    }
    expect((await cli(['runbook', '--out', cliRunbook])).code).toBe(0)
    desktop.nextSavePath = apiRunbook
    expect(await must('runbook.save')).toMatchObject({ saved: true, path: apiRunbook })
    for (const file of [cliRunbook, apiRunbook]) {
      expect(statSync(file).mode & 0o777).toBe(0o600)
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-')
    }
  })

  it('a 3,000-character note is refused by both with the same field message, and nothing is logged', async () => {
    const before = [await sizeOf(cliDir), await sizeOf(apiDir)]
    const note = 'n'.repeat(3000)
    const run = await cli(['custody', 'lost', '--set', cliSet, '--sheet', '3.1', '--note', note])
    const refused = await call('custody.lost', { setId: apiSet, index: 3, copy: 1, note })
    expect(refused.ok).toBe(false)
    if (refused.ok) return
    expect(refused.error.code).toBe('USAGE')
    expect(refused.error.message).toBe('Note: at most 500 characters (you gave 3,000).')
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(`custos: ${refused.error.message} [USAGE]\n`)
    expect([await sizeOf(cliDir), await sizeOf(apiDir)]).toEqual(before)
  })

  it('a bad value is a usage error on both sides, never an internal error with a stack trace', async () => {
    const run = await cli(['split', '--threshold', '2', '--shares', '3', '--out', join(tmp.path, 'never'), '--pdf', join(tmp.path, 'never.pdf'), '--copies', '0'], JSON.stringify(BUNDLE))
    expect(run.code).toBe(2)
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
    desktop.nextSavePath = join(tmp.path, 'never-api')
    const refused = await call('shares.splitToFiles', { bundle: BUNDLE, threshold: 2, total: 3, sheets: { copies: 0 } })
    expect(refused).toMatchObject({ ok: false, error: { code: 'USAGE', message: 'Sheets, copies: at least 1 (you gave 0).' } })
    // The same unknown set: the same code and the same words from the core.
    const unknown = await cli(['custody', 'lost', '--set', 'zzzz-zzzz', '--sheet', '1.1', '--note', 'x'])
    const apiUnknown = await call('custody.lost', { setId: 'zzzz-zzzz', index: 1, copy: 1, note: 'x' })
    expect(apiUnknown.ok).toBe(false)
    if (apiUnknown.ok) return
    expect(apiUnknown.error.code).toBe('SET_NOT_FOUND')
    expect(unknown.code).toBe(7)
    expect(unknown.stderr).toContain(apiUnknown.error.message)
  })

  it('combine never recovers a credential without a log entry: refused by the CLI, absent from the API', async () => {
    const split = await cli(['split', '--threshold', '2', '--shares', '3', '--out', join(tmp.path, 'cli-shares'), '--json'], JSON.stringify(BUNDLE))
    expect(split.code, split.stderr).toBe(0)
    const files: string[] = split.json().files
    const before = await sizeOf(cliDir)
    const run = await cli(['combine', ...files])
    expect(run.code).toBe(7)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/custos release request.*custos release grant/)
    expect(JSON.stringify(run)).not.toContain('parity-secret-value')
    const cliApiSide = createApi({ dataDir: cliDir, clock: fixedClock(now) })
    for (const name of ['combine', 'shares.combine']) expect(await dispatch(cliApiSide, name, {})).toMatchObject({ ok: false, error: { code: 'USAGE' } })
    // The verify-only check is the same operation through both, logs nothing and returns no secret.
    const shares = files.slice(0, 2).map((f) => ({ source: f, payload: readFileSync(f, 'utf8').trim() }))
    const checked = await dispatch(cliApiSide, 'shares.check', { shares })
    const viaCli = await cli(['combine', '--check', '--json', ...files.slice(0, 2)])
    expect(checked.ok).toBe(true)
    expect(viaCli.json()).toMatchObject({ recombines: true, setId: (checked as { value: { setId: string } }).value.setId })
    expect(JSON.stringify(checked) + viaCli.stdout).not.toContain('parity-secret-value')
    expect(await sizeOf(cliDir)).toBe(before)
  })

  it('core messages carry no command-line words; the CLI adds its own hint from the code', async () => {
    const dup = await call('custodians.add', { custodianId: 'alice', name: 'Alice again', contact: 'a', team: 't' })
    const noMethod = await call('issuance.start', { methodId: 'nope', bundle: BUNDLE })
    for (const result of [dup, noMethod]) {
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).not.toMatch(/custos |--[a-z]|command line/)
    }
    const cliDup = await cli(['custodian', 'add', '--id', 'alice', '--name', 'Alice again', '--contact', 'a', '--team', 't'])
    expect(cliDup.stderr).toMatch(/\(choose the id with --id\) \[CUSTODIAN_EXISTS\]/)
    const cliNoMethod = await cli(['ceremony', 'issue', '--method', 'nope', '--pdf', join(tmp.path, 'x.pdf')], JSON.stringify(BUNDLE))
    expect(cliNoMethod.stderr).toMatch(/\(see custos method list\) \[METHOD_NOT_FOUND\]/)
    const { obligations } = await must<{ obligations: { detail: string }[] }>('obligations.list')
    for (const o of obligations) expect(o.detail).not.toMatch(/custos /)
  })
})
