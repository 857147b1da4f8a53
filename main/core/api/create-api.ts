// The backend behind the contract: one plain object of async functions over main/core's
// services. Every transport (Electron IPC, the loopback test host) binds this same object.
import type { Api } from '../../../shared/api'
import { splitBundle } from '../shares/split'
import { initVault, openVault, vaultExists } from '../vault/vault-store'
import { inspectShare } from '../shares/inspect'
import { computerAccount, localActor, recordSetIssued } from '../logbook/record'
import { logCheckpointOp, logEntriesOp, logRememberCheckpointOp, logVerifyOp } from '../logbook/log-api-impl'
import type { ApiDeps } from './api-deps'
import { ceremonyOps } from './ceremony-ops'
import type { AwsOpName } from './aws-ops'
import type { AuditOpName } from './audit-ops'
import { desktopOps } from './desktop-ops'
import type { CustodyOpName } from './custody-ops'
import { lazyOps, lazyRest } from './lazy-ops'
import type { SharesOpName } from './shares-ops'
import type { RecoveryOpName } from './recovery-ops'
import type { ScriptOpName } from './script-ops'
import type { KitOpName } from './kit-ops'
import { createPendingSheets } from './pending-sheets'

export type { ApiDeps } from './api-deps'

// The operations of each heavy group, loaded on first use (lazy-ops.ts); the workflows
// (issuance, quorum, aftercare, sheet import) are every operation not bound otherwise.
const AWS_OPS: Record<AwsOpName, true> = {
  'aws.offlineSteps': true,
  'aws.recordEvidence': true,
  'aws.status': true,
  'aws.revoke': true,
  'aws.rotate': true,
  'aws.recordCreated': true,
  'aws.alarm': true,
  'aws.reconcile': true,
}
const AUDIT_OPS: Record<AuditOpName, true> = { 'audit.export': true, 'audit.exportRootCert': true, 'audit.verify': true }
const CUSTODY_OPS: Record<CustodyOpName, true> = { 'custody.bagOpened': true, 'custody.resealed': true, 'custody.moved': true, 'custody.lost': true, 'runbook.save': true }
const SHARES_OPS: Record<SharesOpName, true> = { 'shares.splitToFiles': true, 'sheets.verify': true, 'shares.check': true }

const RECOVERY_OPS: Record<RecoveryOpName, true> = { 'recovery.recover': true, 'recovery.importReceipt': true }
const SCRIPT_OPS: Record<ScriptOpName, true> = { 'scripts.save': true, 'scripts.recordStep': true }
const KIT_OPS: Record<KitOpName, true> = { 'recoveryKit.save': true }

export function createApi(given: ApiDeps): Api {
  const deps: ApiDeps = { ...given, pendingSheets: given.pendingSheets ?? createPendingSheets() }
  const vault = () => openVault(deps.dataDir)
  const ceremonies = ceremonyOps(deps.dataDir, deps.clock)
  const bound = {
    'vault.status': async () => {
      if (!vaultExists(deps.dataDir)) return { dataDir: deps.dataDir, initialized: false }
      const { info } = vault()
      return {
        dataDir: deps.dataDir,
        initialized: true,
        name: info.name,
        fingerprint: info.fingerprint,
        createdAt: info.createdAt,
        account: computerAccount(),
      }
    },
    'vault.init': async ({ name, owner }) => {
      // initVault itself writes the logbook with 'vault.created' as entry 1 (before vault.json).
      const { info } = initVault(deps.dataDir, name, deps.clock, owner)
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
    'log.verify': async (input) => {
      const { key, info } = vault()
      return logVerifyOp(deps.dataDir, key, deps.clock, input, info.logbook)
    },
    'log.checkpoint': async () => logCheckpointOp(deps.dataDir, vault().key, deps.clock),
    'log.rememberCheckpoint': async ({ text }) => {
      const { key, info } = vault()
      return logRememberCheckpointOp(deps.dataDir, key, deps.clock, text, info.logbook)
    },
    // No plain combine here: the UI recovers a credential only through a logged release.
    'methods.list': async () => ceremonies.listMethods(),
    'methods.add': async (input) => ceremonies.addMethod(input),
    'custodians.list': async () => ceremonies.listCustodians(),
    'custodians.add': async (input) => ceremonies.addCustodian(input),
    'custodians.update': async (input) => ceremonies.updateCustodian(input),
    'custodians.retire': async (input) => ceremonies.retireCustodian(input),
    'methods.update': async (input) => ceremonies.updateMethod(input),
    'obligations.list': async () => ceremonies.listObligations(),
    ...desktopOps(deps.desktop, deps.clock, deps.windowProtectedByDefault ?? false),
    ...lazyOps(AWS_OPS, async () => (await import('./aws-ops')).awsOps(deps)),
    ...lazyOps(AUDIT_OPS, async () => (await import('./audit-ops')).auditOps(deps)),
    ...lazyOps(CUSTODY_OPS, async () => (await import('./custody-ops')).custodyOps(deps)),
    ...lazyOps(SHARES_OPS, async () => (await import('./shares-ops')).sharesOps(deps)),
    ...lazyOps(RECOVERY_OPS, async () => (await import('./recovery-ops')).recoveryOps(deps)),
    ...lazyOps(SCRIPT_OPS, async () => (await import('./script-ops')).scriptOps(deps)),
    ...lazyOps(KIT_OPS, async () => (await import('./kit-ops')).kitOps(deps)),
  } satisfies Partial<Api>
  return { ...bound, ...lazyRest(bound, async () => (await import('./workflow-ops')).workflowOps(deps)) }
}

