// A real vault behind createApi, called through dispatch exactly as a transport does, with a
// fake desktop port: every answer is checked against the contract's output schema, and a
// few helpers drive the issuance ceremony from the sheets the ops return.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { api as contract, type OperationInput, type OperationName, type OperationOutput } from '../../shared/api'
import type { ErrorInfo } from '../../shared/errors'
import type { CredentialBundle } from '../../shared/bundle'
import { createApi, type ApiDeps } from '../../main/core/api/create-api'
import { dispatch } from '../../main/core/api/dispatch'
import { createPendingSheets } from '../../main/core/api/pending-sheets'
import { fixedClock } from '../../main/core/clock'
import { decodeQrFromImage } from '../../main/core/sheets/qr-decode'
import { createFakeDesktopPort, type FakeDesktopPort } from '../helpers/fake-desktop-port'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeTempDir } from '../helpers/temp-dir'
import { releaseRequest } from '../helpers/release-request'

export const ROOT_KEY: Extract<CredentialBundle, { kind: 'aws-access-key' }> = {
  kind: 'aws-access-key',
  accessKeyId: 'AKIAWORKFLOW0TEST001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWORKFLOW01',
  accountId: '123456789012',
  userName: 'break-glass-admin',
}

export const REQUEST = releaseRequest({ methodId: 'aws-prod', useCase: 'Restore access after an SSO outage' })

export type Harness = Awaited<ReturnType<typeof createHarness>>

export async function createHarness(prefix: string, options: { copies?: number; desktop?: boolean } = {}) {
  const tmp = makeTempDir(prefix)
  const dataDir = join(tmp.path, 'vault')
  const work = join(tmp.path, 'work')
  const clock = fixedClock('2026-04-01T09:00:00Z')
  const desktop: FakeDesktopPort = createFakeDesktopPort()
  let pendingSheets = createPendingSheets()
  const deps: ApiDeps = { dataDir, clock, pendingSheets, ...(options.desktop === false ? {} : { desktop }) }
  let api = createApi(deps)

  async function result<K extends OperationName>(name: K, input: OperationInput<K>) {
    return dispatch(api, name, input)
  }
  /** Calls like a transport and checks the answer has exactly the contract's shape. */
  async function call<K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
    const answer = await result(name, input)
    if (!answer.ok) throw new Error(`${name} failed with ${answer.error.code}: ${answer.error.message}`)
    const parsed = contract[name].output.safeParse(answer.value)
    if (!parsed.success) throw new Error(`${name} answered outside its schema: ${parsed.error.message}`)
    // zod drops unknown keys: equal means nothing beyond the contract crossed the boundary.
    expect(parsed.data).toEqual(answer.value)
    return answer.value as OperationOutput<K>
  }
  async function fail<K extends OperationName>(name: K, input: OperationInput<K>): Promise<ErrorInfo> {
    const answer = await result(name, input)
    if (answer.ok) throw new Error(`${name} was expected to be refused but answered ${JSON.stringify(answer.value).slice(0, 300)}`)
    return answer.error
  }
  const logSize = async () => (await call('log.entries', { limit: 1, newestFirst: true })).size
  const lastEntries = async (n: number) => (await call('log.entries', { limit: n, newestFirst: true })).entries

  await call('vault.init', { name: 'Workflow vault' })
  await call('methods.add', {
    methodId: 'aws-prod',
    name: 'AWS prod break-glass key',
    scope: 'AWS account 123456789012',
    ownerTeam: 'Cloud platform',
    useCases: ['Restore access after an SSO outage'],
    access: 'IAM user break-glass-admin',
    policy: { threshold: 2, total: 3, copies: options.copies ?? 1 },
  })
  for (const [custodianId, name] of [
    ['alice', 'Alice Martin'],
    ['bob', 'Bob Chen'],
    ['carol', 'Carol Diaz'],
    ['dave', 'Dave Evans'],
    ['erin', 'Erin Fox'],
    ['frank', 'Frank Gold'],
  ] as const) {
    await call('custodians.add', { custodianId, name, contact: `${custodianId}@example.com`, team: 'Ops' })
  }

  return {
    tmp,
    dataDir,
    work,
    clock,
    desktop,
    get pendingSheets() {
      return pendingSheets
    },
    get api() {
      return api
    },
    /** A new API object over the same vault, as after an app restart (sheets in memory are gone). */
    restart() {
      pendingSheets = createPendingSheets()
      api = createApi({ ...deps, pendingSheets })
    },
    result,
    call,
    fail,
    logSize,
    lastEntries,
    cleanup: () => tmp.cleanup(),
  }
}

/** Saves the pending set's PDF through the fake dialog and reads every page back as a scanner would. */
export async function saveAndScanPages(h: Harness, setId: string, copies: number) {
  mkdirSync(h.work, { recursive: true })
  const path = join(h.work, `custos-sheets-${setId}.pdf`)
  h.desktop.nextSavePath = path
  const saved = await h.call('issuance.savePdf', { setId })
  const pages = renderPdfPages(path, h.work, `scan-${setId}`)
  const scans: { index: number; copy: number; source: string; payload: string }[] = []
  for (const [i, page] of pages.entries()) {
    const [payload] = await decodeQrFromImage(readFileSync(page), page)
    // Pages run share 1 copy 1, share 1 copy 2, ...: what the person reads at the top of each sheet.
    scans.push({ index: Math.floor(i / copies) + 1, copy: (i % copies) + 1, source: `page ${i + 1}`, payload: payload! })
  }
  return { saved, path, pages, scans }
}

/** The whole ceremony through the ops with typed-in texts (fast): start, scan back, hand over, activate. */
export async function issueThroughOps(h: Harness, bundle: CredentialBundle = ROOT_KEY) {
  const started = await h.call('issuance.start', { methodId: 'aws-prod', bundle })
  const scan = await h.call('issuance.scanBack', {
    setId: started.setId,
    sheets: started.sheets.map((s) => ({ index: s.index, copy: s.copy, source: `sheet ${s.index}.${s.copy}`, payload: s.payload })),
  })
  expect(scan.ok).toBe(true)
  for (const s of started.sheets) {
    await h.call('issuance.handover', { setId: started.setId, index: s.index, copy: s.copy, custodianId: s.custodianId, bagSerial: `TE-${s.index}${s.copy}` })
  }
  await h.call('issuance.activate', { setId: started.setId })
  return started
}
