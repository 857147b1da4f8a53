// The backend behind the contract: one plain object of async functions over main/core's
// services. Every transport (Electron IPC, the loopback test host) binds this same object.
import type { Api } from '../../../shared/api'
import type { Clock } from '../clock'
import { splitBundle } from '../shares/split'
import { initVault, openVault, vaultExists } from '../vault/vault-store'
import { inspectShare } from '../shares/inspect'
import { localActor, recordSetIssued } from '../logbook/record'
import { logCheckpointOp, logEntriesOp, logVerifyOp } from '../logbook/log-api-impl'
import type { DesktopPort } from '../desktop/desktop-port'
import type { NetworkGate } from '../desktop/network-gate'
import { ceremonyOps } from './ceremony-ops'
import { workflowOps } from './workflow-ops'
import { awsOps } from './aws-ops'
import { auditOps } from './audit-ops'
import { desktopOps } from './desktop-ops'
import { createPendingSheets, type PendingSheets } from './pending-sheets'

export interface ApiDeps {
  dataDir: string
  clock: Clock
  /** Dialogs, print, notifications, clipboard: Electron in the app, a recording fake in tests. */
  desktop?: DesktopPort
  /** The air gap (main/core/desktop/network-gate.ts); AWS aftercare switches connected mode here. */
  network?: NetworkGate
  /** The shell keeps its window out of screen capture all the time; window.protect(false) then restores that, not less. */
  windowProtectedByDefault?: boolean
  /** Sheets PDFs of sets being issued (in memory); createApi makes one when not given. */
  pendingSheets?: PendingSheets
  /**
   * AWS IAM endpoint override for the connected aftercare steps (tests: a loopback fake IAM;
   * otherwise a VPC endpoint). The network gate then allows this origin, and only it, while
   * connected. Default https://iam.amazonaws.com.
   */
  iamEndpoint?: string
}

export function createApi(given: ApiDeps): Api {
  const deps: ApiDeps = { ...given, pendingSheets: given.pendingSheets ?? createPendingSheets() }
  const vault = () => openVault(deps.dataDir)
  const ceremonies = ceremonyOps(deps.dataDir, deps.clock)
  return {
    'vault.status': async () => {
      if (!vaultExists(deps.dataDir)) return { dataDir: deps.dataDir, initialized: false }
      const { info } = vault()
      return {
        dataDir: deps.dataDir,
        initialized: true,
        name: info.name,
        fingerprint: info.fingerprint,
        createdAt: info.createdAt,
      }
    },
    'vault.init': async ({ name }) => {
      // initVault itself writes the logbook with 'vault.created' as entry 1 (before vault.json).
      const { info } = initVault(deps.dataDir, name, deps.clock)
      return { dataDir: deps.dataDir, initialized: true, name: info.name, fingerprint: info.fingerprint, createdAt: info.createdAt }
    },
    'app.print': async ({ title }) => ({ printed: deps.desktop ? await deps.desktop.print({ title }) : false }),
    'shares.inspect': async (input) => inspectShare(input, vaultExists(deps.dataDir) ? vault().key : undefined),
    'shares.split': async (input) => {
      const { key } = vault()
      const result = splitBundle(input, key)
      // Fail closed: the set is logged durably before any payload leaves this function.
      recordSetIssued(deps.dataDir, key, deps.clock, localActor(), result.header, result.payloads)
      return { header: result.header, payloads: result.payloads }
    },
    'log.entries': async (input) => logEntriesOp(deps.dataDir, vault().key, deps.clock, input),
    'log.verify': async (input) => logVerifyOp(deps.dataDir, vault().key, deps.clock, input),
    'log.checkpoint': async () => logCheckpointOp(deps.dataDir, vault().key, deps.clock),
    // No plain combine here: the UI recovers a credential only through a logged release.
    'methods.list': async () => ceremonies.listMethods(),
    'methods.add': async (input) => ceremonies.addMethod(input),
    'custodians.list': async () => ceremonies.listCustodians(),
    'custodians.add': async (input) => ceremonies.addCustodian(input),
    'custodians.update': async (input) => ceremonies.updateCustodian(input),
    'custodians.retire': async (input) => ceremonies.retireCustodian(input),
    'methods.update': async (input) => ceremonies.updateMethod(input),
    'obligations.list': async () => ceremonies.listObligations(),
    ...workflowOps(deps),
    ...awsOps(deps),
    ...auditOps(deps),
    ...desktopOps(deps.desktop, deps.clock, deps.windowProtectedByDefault ?? false),
  }
}

