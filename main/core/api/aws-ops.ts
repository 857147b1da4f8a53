// AWS IAM aftercare behind the contract, for every front end: the offline AWS CLI commands and the
// evidence typed in afterwards, the connected steps (status, revoke, rotate) with the network gate
// open for the call only, the usage alarm, and the CloudTrail reconciliation against the releases.
import { rmSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { z } from 'zod'
import type { Api } from '../../../shared/api'
import type { AwsReconcileView, AwsRotateView, AwsStatusView, ConnectedStepInput } from '../../../shared/aws-api'
import { AccessKeyId, isAccessKeyId, isIamUserName, replacementOf } from '../../../shared/aws-events'
import type { AwsAccessKeyBundle } from '../../../shared/bundle'
import { CustosError } from '../../../shared/errors'
import { aftercareLog } from '../aws/aftercare-log'
import { signerFromBundle, type AftercareDeps, type AftercareTarget } from '../aws/aftercare-steps'
import { DEFAULT_IAM_ENDPOINT, destinationFromEndpoint } from '../aws/allow-list'
import { ceremonyIssuer } from '../aws/ceremony-issuer'
import { checkKeys } from '../aws/check-keys'
import { trailFiles } from '../aws/cloudtrail-files'
import { reconcileTrail } from '../aws/cloudtrail-reconcile'
import { evidenceEvent, offlineSteps } from '../aws/offline-commands'
import { revokeKey } from '../aws/revoke-key'
import { rotateKey, type RotateResult } from '../aws/rotate-key'
import { usageAlarm } from '../aws/usage-alarm'
import { record, stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import type { IssuedSheets } from '../ceremonies/issue-sheets'
import { writePrivateFile } from '../files/private-file'
import type { ApiDeps } from './api-deps'
import { requireDesktop, withCeremonies } from './workflow-context'
import { issuanceStartedView } from './workflow-views'

export type AwsOpName =
  | 'aws.offlineSteps'
  | 'aws.recordEvidence'
  | 'aws.status'
  | 'aws.revoke'
  | 'aws.rotate'
  | 'aws.recordCreated'
  | 'aws.alarm'
  | 'aws.reconcile'

/** The key a step is about, and the release and method it came from when a release names it. */
interface KeyInQuestion {
  target: AftercareTarget
  releaseId?: string
  methodId?: string
}

interface TargetInput {
  releaseId?: string | undefined
  userName?: string | undefined
  accessKeyId?: string | undefined
}

export function awsOps(deps: ApiDeps): Pick<Api, AwsOpName> {
  const endpoint = deps.iamEndpoint ?? DEFAULT_IAM_ENDPOINT

  /** Opens the logbook for one connected step; the gate is open only while connected mode is on. */
  const connected = <T>(
    input: z.output<typeof ConnectedStepInput>,
    body: (run: { ctx: CeremonyContext; key: KeyInQuestion; aftercare: AftercareDeps; credential: AwsAccessKeyBundle; progress: string[] }) => Promise<T>,
    rotating = false,
  ): Promise<T> =>
    withCeremonies(deps, async (ctx) => {
      destinationFromEndpoint(endpoint)
      const key = keyInQuestion(ctx, input, input.credential, rotating)
      const gate = deps.network
      const progress: string[] = []
      const aftercare: AftercareDeps = {
        log: aftercareLog(ctx.log, ctx.actor),
        clock: deps.clock,
        endpoint,
        // Answers are given up front (the app's checkboxes, the CLI's --yes): "no" stops that step.
        confirm: async (_question, about) => (about === 'delete' ? input.confirmDelete === true : input.confirmMakeRoom === true),
        progress: (line) => void progress.push(line),
        onConnectedChange: (on) => gate?.setConnected(on, on ? deps.iamEndpoint : undefined),
      }
      try {
        return await body({ ctx, key, aftercare, credential: input.credential, progress })
      } finally {
        // withConnectedMode switches it off on every path; this covers a failure before it even began.
        if (gate?.isConnected()) gate.setConnected(false)
      }
    })

  return {
    'aws.offlineSteps': (input) =>
      withCeremonies(deps, (ctx) => {
        const { target } = keyInQuestion(ctx, input)
        return { target, steps: offlineSteps(input.purpose, target, deps.iamEndpoint ? { endpoint: deps.iamEndpoint } : {}) }
      }),

    'aws.recordEvidence': (input) =>
      withCeremonies(deps, (ctx) => {
        const { target } = keyInQuestion(ctx, input)
        // Part of a rotation once a replacement is issued; otherwise the revoke of the released key.
        const rotating = Boolean(replacementOf(stateOf(ctx).aws, target.accessKeyId)?.issuedSetId)
        const event = evidenceEvent({
          step: input.step,
          userName: target.userName,
          accessKeyId: target.accessKeyId,
          ...(input.step === 'verify' ? {} : { reason: input.reason ?? (rotating ? 'rotate' : 'revoke') }),
          ...(input.requestId?.trim() ? { requestId: input.requestId.trim() } : {}),
          performedAt: input.performedAt?.trim() || deps.clock.now().toISOString(),
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
        })
        // The fold marks the key inactive or deleted, which meets the release's revoke obligation.
        record(ctx, event)
        return { recorded: true }
      }),

    'aws.status': (input) =>
      connected(input, async ({ key, aftercare, credential }) => {
        const check = await checkKeys(aftercare, signerFromBundle(credential), key.target)
        const view: z.infer<typeof AwsStatusView> = {
          userName: check.userName,
          signedByTarget: check.signedByTarget,
          ...(check.signedByTarget
            ? {
                note:
                  `This check was signed by ${key.target.accessKeyId} itself, so AWS now records the check as its last use, ` +
                  'which hides any earlier use. Check again with your own IAM credential to see when and where it was really used.',
              }
            : {}),
          keys: check.keys.map((k) => ({ accessKeyId: k.accessKeyId, status: k.status, createDate: k.createDate, isTarget: k.isTarget })),
          target: {
            accessKeyId: check.target.accessKeyId,
            exists: check.target.exists,
            ...(check.target.status ? { status: check.target.status } : {}),
            ...(check.target.lastUsed ? { lastUsed: check.target.lastUsed } : {}),
          },
        }
        return view
      }),

    'aws.revoke': (input) =>
      connected(input, async ({ key, aftercare, credential, progress }) => {
        const result = await revokeKey(aftercare, signerFromBundle(credential), key.target)
        return { accessKeyId: result.accessKeyId, status: result.status, done: result.done, progress }
      }),

    'aws.rotate': async (input) => {
      // Where the sheets go is asked before anything reaches AWS (the CLI answers with --pdf).
      const pdfPath = input.savePdf ? await askPdfPath(deps, 'the new key') : undefined
      return connected(input, async ({ ctx, key, aftercare, credential, progress }) => {
        const methodId = input.methodId ?? key.methodId
        let issued: IssuedSheets | undefined
        let written = false
        const issuer = ceremonyIssuer({
          ctx,
          methodId: methodId ?? '',
          ...(input.label?.trim() ? { label: input.label.trim() } : {}),
          pageSize: input.pageSize ?? 'A4',
          ...(input.emergencyContact?.trim() ? { emergencyContact: input.emergencyContact.trim() } : {}),
          // Checked before any key is created: the new key must have somewhere to go.
          check: () => {
            if (!methodId || (input.savePdf && !pdfPath)) throw issueTargetMissing(!methodId, Boolean(input.savePdf && !pdfPath))
            if (pdfPath) checkPdfPath(pdfPath)
          },
          deliver: (pdf) => {
            if (!pdfPath) return
            writePrivateFile(pdfPath, pdf)
            written = true
          },
          onIssued: (r) => {
            issued = r
            // In memory only, as for any set being issued: the wizard saves or prints it next.
            deps.pendingSheets?.put(r.issued.header.setId, r.pdf)
          },
        })
        const signerIsTarget = credential.accessKeyId === key.target.accessKeyId
        let result: RotateResult
        try {
          result = await rotateKey(
            aftercare,
            signerFromBundle(credential),
            { ...key.target, ...(signerIsTarget ? { accountId: credential.accountId, ...(credential.notes ? { notes: credential.notes } : {}) } : {}) },
            issuer,
          )
        } catch (error) {
          // Sheets of a set that was never recorded must not be printed.
          if (written && !issued && pdfPath) rmSync(pdfPath, { force: true })
          throw error
        }
        const view: z.infer<typeof AwsRotateView> = {
          oldKeyId: result.oldKeyId,
          ...(result.newKeyId ? { newKeyId: result.newKeyId } : {}),
          ...(result.setId ? { setId: result.setId } : {}),
          oldKeyStatus: result.oldKeyStatus,
          complete: result.complete,
          done: result.done,
          next: nextStep(result),
          ...(result.waitingFor ? { waitingFor: result.waitingFor } : {}),
          ...(issued && methodId ? { issued: issuanceStartedView(issued, methodId) } : {}),
          ...(issued && pdfPath ? { savedPdf: pdfPath } : {}),
          progress,
        }
        return view
      }, true)
    },

    'aws.recordCreated': async (input) => {
      const pdfPath = input.savePdf ? await askPdfPath(deps, 'the new key') : undefined
      if (input.savePdf && !pdfPath) throw issueTargetMissing(false, true)
      if (pdfPath) checkPdfPath(pdfPath)
      if (input.credential.userName !== input.userName) {
        throw new CustosError(
          'INPUT_INVALID',
          `The pasted key belongs to ${input.credential.userName}, not to ${input.userName}. Paste the key made for ${input.userName}.`,
          { field: 'userName' },
        )
      }
      return withCeremonies(deps, async (ctx) => {
        const event = evidenceEvent({
          step: 'create',
          userName: input.userName,
          accessKeyId: input.credential.accessKeyId,
          replaces: input.replaces,
          ...(input.requestId?.trim() ? { requestId: input.requestId.trim() } : {}),
          performedAt: input.performedAt?.trim() || deps.clock.now().toISOString(),
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
        })
        let issued: IssuedSheets | undefined
        let written = false
        // The evidence of creation and the new set are recorded in one transaction, after the sheets exist.
        const issuer = ceremonyIssuer({
          ctx,
          methodId: input.methodId,
          ...(input.label?.trim() ? { label: input.label.trim() } : {}),
          pageSize: input.pageSize ?? 'A4',
          ...(input.emergencyContact?.trim() ? { emergencyContact: input.emergencyContact.trim() } : {}),
          deliver: (pdf) => {
            if (!pdfPath) return
            writePrivateFile(pdfPath, pdf)
            written = true
          },
          recordBefore: [event],
          onIssued: (r) => {
            issued = r
            deps.pendingSheets?.put(r.issued.header.setId, r.pdf)
          },
        })
        try {
          issuer.check()
          await issuer.issue(input.credential)
        } catch (error) {
          if (written && !issued && pdfPath) rmSync(pdfPath, { force: true })
          throw error
        }
        const done = issued!
        return {
          accessKeyId: input.credential.accessKeyId,
          setId: done.issued.header.setId,
          issued: issuanceStartedView(done, input.methodId),
          ...(pdfPath ? { savedPdf: pdfPath } : {}),
        }
      })
    },

    'aws.alarm': (input) =>
      withCeremonies(deps, (ctx) =>
        usageAlarm(stateOf(ctx), {
          methodId: input.methodId,
          ...(input.userName ? { userName: input.userName } : {}),
          ...(input.accountId ? { accountId: input.accountId } : {}),
        }),
      ),

    'aws.reconcile': async (input) => {
      const paths =
        input.paths ??
        (await requireDesktop(deps, 'Choosing CloudTrail files').showOpenDialog({
          title: 'CloudTrail log files or lookup-events exports',
          filters: [{ name: 'CloudTrail', extensions: ['json', 'gz'] }],
          multiple: true,
        }))
      if (paths.length === 0) {
        return { reconciled: false, files: 0, records: 0, principals: { userNames: [], accessKeyIds: [], root: true }, uses: 0, insideReleases: 0, aftercareCalls: 0, flagged: [], releases: [] }
      }
      // Read one file at a time; anything that is not CloudTrail is refused before the result is logged.
      const files = trailFiles(paths)
      return withCeremonies(deps, (ctx) => {
        const loggedRequestIds = new Set<string>()
        for (const entry of ctx.log.entries()) {
          const requestId = (entry.event as { requestId?: unknown }).requestId
          if (entry.event.type.startsWith('aws.') && typeof requestId === 'string' && requestId !== 'none') loggedRequestIds.add(requestId)
        }
        const { event, flagged } = reconcileTrail(stateOf(ctx), files, {
          loggedRequestIds,
          ...(input.userNames ? { userNames: input.userNames } : {}),
          ...(input.accessKeyIds ? { accessKeyIds: input.accessKeyIds } : {}),
        })
        const [entry] = record(ctx, event)
        const view: z.infer<typeof AwsReconcileView> = {
          reconciled: true,
          ...(entry ? { seq: entry.seq } : {}),
          files: event.sources.files,
          records: event.sources.records,
          digest: event.sources.digest,
          ...(event.coveredFrom ? { coveredFrom: event.coveredFrom } : {}),
          ...(event.coveredTo ? { coveredTo: event.coveredTo } : {}),
          principals: event.principals,
          uses: event.uses,
          insideReleases: event.insideReleases,
          aftercareCalls: event.aftercareCalls,
          flagged,
          releases: event.releases,
        }
        return view
      })
    },
  }
}

/**
 * The key a step acts on: the release's (releaseId), the one named (accessKeyId, userName), or
 * else the credential's own. Names are checked here, so every front end gets the same refusal.
 */
function keyInQuestion(ctx: CeremonyContext, input: TargetInput, credential?: AwsAccessKeyBundle, rotating = false): KeyInQuestion {
  if (input.releaseId) {
    const released = releasedKey(ctx, input.releaseId, input.userName, credential)
    return input.accessKeyId ? { ...released, target: { ...released.target, accessKeyId: input.accessKeyId } } : released
  }
  // Resuming a rotation with the new key's bundle: the key to retire is the one it replaces.
  const replaced = rotating && credential ? stateOf(ctx).aws.keys[credential.accessKeyId]?.replaces : undefined
  const accessKeyId = input.accessKeyId ?? replaced ?? credential?.accessKeyId
  // A key the log knows (e.g. a rotated key's replacement) names its own user.
  const userName = input.userName ?? (accessKeyId ? stateOf(ctx).aws.keys[accessKeyId]?.userName : undefined) ?? credential?.userName
  if (!accessKeyId || !userName) {
    throw new CustosError('INPUT_INVALID', 'Name the key: a release, or the access key id and its IAM user.', {
      field: accessKeyId ? 'userName' : 'accessKeyId',
    })
  }
  checkTarget(accessKeyId, userName)
  return { target: { userName, accessKeyId } }
}

function checkTarget(accessKeyId: string, userName: string): void {
  if (!isAccessKeyId(accessKeyId)) {
    throw new CustosError('INPUT_INVALID', `"${accessKeyId}" is not an access key id (20 characters starting with AKIA).`, { field: 'accessKeyId' })
  }
  if (!isIamUserName(userName)) {
    throw new CustosError('INPUT_INVALID', `"${userName}" is not an IAM user name (letters, digits and +=,.@_- up to 64 characters).`, {
      field: 'userName',
    })
  }
}

/** The release's AWS key and IAM user (the user may be named explicitly), refusing what has none. */
function releasedKey(ctx: CeremonyContext, releaseId: string, userName: string | undefined, credential?: AwsAccessKeyBundle): KeyInQuestion {
  const release = stateOf(ctx).releases[releaseId]
  if (!release) {
    throw new CustosError('RELEASE_NOT_FOUND', `There is no release ${releaseId} in this vault.`, { releaseId })
  }
  const granted = release.granted
  if (!granted) {
    throw new CustosError('RELEASE_STATE', `Release ${releaseId} was never granted, so no key was handed out: there is nothing to revoke or rotate.`, { releaseId })
  }
  const accessKeyId = granted.accessKeyId
  if (!accessKeyId || !AccessKeyId.safeParse(accessKeyId).success) {
    throw new CustosError(
      'INPUT_INVALID',
      `Release ${releaseId} handed out a credential that is not an AWS access key, so the IAM steps do not apply. ` +
        'Revoke and rotate it where it lives, then record the evidence.',
      { releaseId },
    )
  }
  const user =
    userName?.trim() || granted.awsUserName || (credential && credential.accessKeyId === accessKeyId ? credential.userName : undefined)
  if (!user) {
    throw new CustosError('INPUT_INVALID', `Release ${releaseId} does not record the IAM user of ${accessKeyId}; give the user name.`, {
      releaseId,
      field: 'userName',
    })
  }
  checkTarget(accessKeyId, user)
  return { releaseId, methodId: release.methodId, target: { userName: user, accessKeyId } }
}

async function askPdfPath(deps: ApiDeps, what: string): Promise<string | undefined> {
  return requireDesktop(deps, 'Saving the sheets').showSaveDialog({
    title: `Save the sheets of ${what}`,
    defaultName: 'custos-sheets.pdf',
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  })
}

/** Refused before anything reaches AWS: a folder that does not exist, or a path that is a folder. */
function checkPdfPath(path: string): void {
  const parent = dirname(resolve(path))
  let ok = false
  try {
    ok = statSync(parent).isDirectory()
  } catch {
    // reported below
  }
  if (!ok) throw new CustosError('FILE_UNREADABLE', `The folder ${parent} does not exist. Choose another place for the sheets.`, { path, field: 'pdf' })
  let isDir = false
  try {
    isDir = statSync(path).isDirectory()
  } catch {
    // a new file: fine
  }
  if (isDir) throw new CustosError('FILE_UNREADABLE', `${path} is a folder; choose a file name for the sheets.`, { path, field: 'pdf' })
}

function issueTargetMissing(method: boolean, pdf: boolean): CustosError {
  const missing = [...(method ? ['methodId'] : []), ...(pdf ? ['pdf'] : [])]
  return new CustosError(
    'USAGE',
    'The new key is issued as a new set through the issuance ceremony: name the method it protects and where its sheets are saved.',
    { step: 'issue-new-key', missing },
  )
}

function nextStep(result: RotateResult): string {
  const { oldKeyId, newKeyId, setId } = result
  if (result.complete) {
    return `The rotation is complete: the old key ${oldKeyId} is deleted and the new key ${newKeyId ?? ''} is held by set ${setId ?? ''}.`
  }
  switch (result.waitingFor) {
    case 'ceremony':
      return (
        `Finish the issuance ceremony of set ${setId}: print its sheets, scan every sheet back, hand each one over ` +
        `in a sealed bag, and activate the set. Then rotate again to retire the old key ${oldKeyId}, which stays active until then. ` +
        'Sign that run with your own IAM credential: a release cannot be granted twice, and its grant must not be kept.'
      )
    case 'other-signer':
      return (
        `The old key ${oldKeyId} is inactive (revoked), so it cannot sign its own deletion. Rotate again with your own IAM ` +
        'credential, or delete it with the AWS CLI and record that evidence.'
      )
    default:
      return `The old key ${oldKeyId} is ${result.oldKeyStatus}. Confirm its deletion and rotate again to delete it for good.`
  }
}
