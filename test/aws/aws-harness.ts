// Shared set-up for the AWS aftercare tests: a real vault and logbook in a temp dir with a
// break-glass method and three custodians, the fake IAM endpoint with a break-glass user and an
// operator, aftercare deps with fast retries, and the issuance ceremony of a rotated key.
import { readFileSync } from 'node:fs'
import type { AwsAccessKeyBundle } from '../../shared/bundle'
import type { VaultEvent } from '../../shared/events'
import type { AftercareDeps } from '../../main/core/aws/aftercare-steps'
import { aftercareLog, type AftercareLog } from '../../main/core/aws/aftercare-log'
import type { RetryPolicy } from '../../main/core/aws/iam-client'
import { ceremonyIssuer } from '../../main/core/aws/ceremony-issuer'
import type { NewKeyIssuer } from '../../main/core/aws/rotate-key'
import { fixedClock } from '../../main/core/clock'
import type { CeremonyContext } from '../../main/core/ceremonies/ceremony-context'
import { addCustodian } from '../../main/core/ceremonies/custodians'
import type { IssuedSheets } from '../../main/core/ceremonies/issue-sheets'
import { activateSet, recordHandover, recordScanBack } from '../../main/core/ceremonies/issuance'
import { defineMethod } from '../../main/core/ceremonies/methods'
import { combineShares } from '../../main/core/shares/combine'
import { verifyScanItems } from '../../main/core/sheets/scan-back'
import { openLogbook, logbookPath, type Logbook } from '../../main/core/logbook'
import { initVault, type OpenVault } from '../../main/core/vault/vault-store'
import { makeTempDir } from '../helpers/temp-dir'
import { FakeIamServer, type FakeKey } from './fake-iam-server'

export const BREAK_GLASS_USER = 'breakglass'
export const OPERATOR_USER = 'alice.admin'
/** The method the break-glass key's sets protect: 2-of-3, one copy each, custodians alice, bob, carol. */
export const METHOD_ID = 'aws-breakglass'
export const CUSTODIANS = ['alice', 'bob', 'carol']

export const fastRetry: RetryPolicy = { attempts: 4, delayMs: () => 1, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) }

export interface Harness {
  server: FakeIamServer
  vault: OpenVault
  dataDir: string
  book: Logbook
  log: AftercareLog
  clock: ReturnType<typeof fixedClock>
  released: FakeKey
  operator: FakeKey
  releasedBundle: AwsAccessKeyBundle
  operatorBundle: AwsAccessKeyBundle
  answers: boolean[]
  questions: string[]
  progress: string[]
  deps(overrides?: Partial<AftercareDeps>): AftercareDeps
  /** The ceremony services over the harness's logbook (actor as the aftercare). */
  ceremony(): CeremonyContext
  /** Sets issued by issuer() so far, newest last (payloads and the sheets PDF). */
  issued: IssuedSheets[]
  /** Issues a rotated key through the ceremony of METHOD_ID, keeping the PDF in memory. */
  issuer(): NewKeyIssuer
  /** Scan-back (the sheets' texts), hand-over of every sheet and activation of an issued set. */
  finishCeremony(issued: IssuedSheets): void
  /** The bundle a quorum of the set's sheets recombines to. */
  recovered(issued: IssuedSheets): AwsAccessKeyBundle
  events(): VaultEvent[]
  /** Closes and reopens the logbook, as a new process would. */
  reopen(): void
  logBytes(): Buffer
  close(): Promise<void>
}

export async function makeHarness(): Promise<Harness> {
  const tmp = makeTempDir('custos-aws-')
  const clock = fixedClock('2026-03-01T04:00:00Z')
  const vault = initVault(tmp.path, 'Payments prod', clock)
  let book = openLogbook(tmp.path, vault.key, { create: true, clock })
  book.append('owner', { type: 'vault.created', name: 'Payments prod', fingerprint: vault.key.fingerprint, publicKey: Buffer.from(vault.key.raw).toString('base64') })
  book.append('owner', { type: 'set.issued', setId: '0123456A', threshold: 2, total: 3, label: '', vaultFingerprint: vault.key.fingerprint })
  {
    const ctx: CeremonyContext = { log: book, key: vault.key, clock, actor: 'owner', dataDir: tmp.path }
    defineMethod(ctx, {
      methodId: METHOD_ID,
      name: 'AWS break-glass key',
      scope: 'AWS account 123456789012, IAM user breakglass',
      ownerTeam: 'Cloud platform',
      useCases: ['SSO outage'],
      access: 'IAM access key',
      policy: { threshold: 2, total: 3, copies: 1 },
    })
    for (const id of CUSTODIANS) addCustodian(ctx, { custodianId: id, name: id[0]!.toUpperCase() + id.slice(1), contact: `${id}@example.com`, team: 'Ops' })
  }
  const server = new FakeIamServer()
  await server.start()
  server.addUser(BREAK_GLASS_USER)
  server.addUser(OPERATOR_USER, { admin: true })
  const released = server.addKey(BREAK_GLASS_USER)
  const operator = server.addKey(OPERATOR_USER)
  const bundle = (k: FakeKey): AwsAccessKeyBundle => ({
    kind: 'aws-access-key',
    accessKeyId: k.accessKeyId,
    secretAccessKey: k.secretAccessKey,
    accountId: server.accountId,
    userName: k.userName,
  })
  const h: Harness = {
    server,
    vault,
    dataDir: tmp.path,
    book,
    log: aftercareLog(book, 'operator-bob'),
    clock,
    released,
    operator,
    releasedBundle: bundle(released),
    operatorBundle: bundle(operator),
    answers: [],
    questions: [],
    progress: [],
    deps: (overrides = {}) => ({
      log: h.log,
      clock,
      endpoint: server.endpoint,
      retry: fastRetry,
      confirm: async (q) => {
        h.questions.push(q)
        return h.answers.shift() ?? false
      },
      progress: (line) => h.progress.push(line),
      ...overrides,
    }),
    ceremony: () => ({ log: h.book, key: vault.key, clock, actor: 'operator-bob', dataDir: tmp.path }),
    issued: [],
    issuer: () => ceremonyIssuer({ ctx: h.ceremony(), methodId: METHOD_ID, onIssued: (r) => void h.issued.push(r) }),
    finishCeremony: (issued) => {
      const ctx = h.ceremony()
      const setId = issued.issued.header.setId
      const report = verifyScanItems({
        vault: vault.key,
        setId,
        copies: issued.copies,
        items: issued.issued.sheets.map((s) => ({ source: `sheet ${s.index}.${s.copy}`, payload: s.payload, declared: { index: s.index, copy: s.copy } })),
      })
      for (const s of issued.issued.sheets) {
        recordHandover(ctx, { setId, index: s.index, copy: s.copy, custodianId: s.custodianId, bagSerial: `TE-${setId}-${s.index}${s.copy}` })
      }
      recordScanBack(ctx, report)
      activateSet(ctx, setId)
    },
    recovered: (issued) => {
      const shares = issued.issued.sheets.slice(0, 2).map((s) => ({ source: `sheet ${s.index}`, payload: s.payload }))
      return combineShares(shares, vault.key).bundle as AwsAccessKeyBundle
    },
    events: () => h.book.entries().map((e) => e.event),
    reopen: () => {
      h.book.close()
      book = openLogbook(tmp.path, vault.key, { clock })
      h.book = book
      h.log = aftercareLog(book, 'operator-bob')
    },
    logBytes: () => Buffer.concat([readFileSync(logbookPath(tmp.path)), readWal(tmp.path)]),
    close: async () => {
      h.book.close()
      await server.stop()
      tmp.cleanup()
    },
  }
  return h
}

function readWal(dir: string): Buffer {
  try {
    return readFileSync(logbookPath(dir) + '-wal')
  } catch {
    return Buffer.alloc(0)
  }
}

/** Event types of the AWS aftercare in log order (connected-mode on/off included). */
export function awsTypes(events: VaultEvent[]): string[] {
  return events.filter((e) => e.type.startsWith('aws.') || e.type === 'set.issued').map((e) => e.type)
}

export function ofType<T extends VaultEvent['type']>(events: VaultEvent[], type: T): Array<Extract<VaultEvent, { type: T }>> {
  return events.filter((e): e is Extract<VaultEvent, { type: T }> => e.type === type)
}
