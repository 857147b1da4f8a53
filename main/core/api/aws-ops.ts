// AWS IAM aftercare for the desktop app, about the key a release handed out: the offline AWS CLI
// commands and the evidence typed in afterwards, and the connected steps (status, revoke, rotate)
// with the network gate open for the length of the call only, signed by the credential given.
import type { z } from 'zod'
import type { Api } from '../../../shared/api'
import type { AwsRotateView, AwsStatusView, ConnectedStepInput } from '../../../shared/aws-api'
import { AccessKeyId, replacementOf } from '../../../shared/aws-events'
import type { AwsAccessKeyBundle } from '../../../shared/bundle'
import { CustosError, isCustosError } from '../../../shared/errors'
import { aftercareLog } from '../aws/aftercare-log'
import { signerFromBundle, type AftercareDeps, type AftercareTarget } from '../aws/aftercare-steps'
import { DEFAULT_IAM_ENDPOINT, destinationFromEndpoint } from '../aws/allow-list'
import { ceremonyIssuer } from '../aws/ceremony-issuer'
import { checkKeys } from '../aws/check-keys'
import { evidenceEvent, offlineSteps } from '../aws/offline-commands'
import { revokeKey } from '../aws/revoke-key'
import { rotateKey, type RotateResult } from '../aws/rotate-key'
import { record, stateOf, type CeremonyContext } from '../ceremonies/ceremony-context'
import type { IssuedSheets } from '../ceremonies/issue-sheets'
import type { ApiDeps } from './create-api'
import { withCeremonies } from './workflow-context'
import { issuanceStartedView } from './workflow-views'

export type AwsOpName = 'aws.offlineSteps' | 'aws.recordEvidence' | 'aws.status' | 'aws.revoke' | 'aws.rotate'

/** The key a granted release handed out, and the method whose set held it. */
interface ReleasedKey {
  releaseId: string
  methodId: string
  target: AftercareTarget
}

export function awsOps(deps: ApiDeps): Pick<Api, AwsOpName> {
  const endpoint = deps.iamEndpoint ?? DEFAULT_IAM_ENDPOINT

  /** Opens the logbook for one connected step; the gate is open only while connected mode is on. */
  const connected = <T>(
    input: z.output<typeof ConnectedStepInput>,
    body: (run: { ctx: CeremonyContext; key: ReleasedKey; aftercare: AftercareDeps; credential: AwsAccessKeyBundle }) => Promise<T>,
  ): Promise<T> =>
    withCeremonies(deps, async (ctx) => {
      destinationFromEndpoint(endpoint)
      const key = releasedKey(ctx, input.releaseId, input.userName, input.credential)
      const gate = deps.network
      const aftercare: AftercareDeps = {
        log: aftercareLog(ctx.log, ctx.actor),
        clock: deps.clock,
        endpoint,
        // The app asks before the call: each answer is given up front, and "no" stops that step.
        confirm: async (_question, about) => (about === 'delete' ? input.confirmDelete === true : input.confirmMakeRoom === true),
        onConnectedChange: (on) => gate?.setConnected(on, on ? deps.iamEndpoint : undefined),
      }
      try {
        return await body({ ctx, key, aftercare, credential: input.credential })
      } finally {
        // withConnectedMode switches it off on every path; this covers a failure before it even began.
        if (gate?.isConnected()) gate.setConnected(false)
      }
    })

  return {
    'aws.offlineSteps': (input) =>
      withCeremonies(deps, (ctx) => {
        const { target } = releasedKey(ctx, input.releaseId, input.userName)
        return { target, steps: offlineSteps(input.purpose, target, deps.iamEndpoint ? { endpoint: deps.iamEndpoint } : {}) }
      }),

    'aws.recordEvidence': (input) =>
      withCeremonies(deps, (ctx) => {
        const { target } = releasedKey(ctx, input.releaseId, input.userName)
        // Part of a rotation once a replacement is issued; otherwise the revoke of the released key.
        const rotating = Boolean(replacementOf(stateOf(ctx).aws, target.accessKeyId)?.issuedSetId)
        const event = evidenceEvent({
          step: input.step,
          userName: target.userName,
          accessKeyId: target.accessKeyId,
          reason: rotating ? 'rotate' : 'revoke',
          ...(input.requestId?.trim() ? { requestId: input.requestId.trim() } : {}),
          performedAt: input.performedAt?.trim() || deps.clock.now().toISOString(),
          ...(input.note?.trim() ? { note: input.note.trim() } : {}),
        })
        // The same aws.evidence-recorded entry `custos aws record` writes: the fold marks the key
        // inactive or deleted, which meets the release's revoke obligation.
        record(ctx, event)
        return { recorded: true }
      }),

    'aws.status': (input) =>
      connected(input, async ({ key, aftercare, credential }) => {
        const check = await checkKeys(aftercare, signerFromBundle(credential), key.target)
        const view: z.infer<typeof AwsStatusView> = {
          userName: check.userName,
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
      connected(input, async ({ key, aftercare, credential }) => {
        const result = await revokeKey(aftercare, signerFromBundle(credential), key.target)
        return { accessKeyId: result.accessKeyId, status: result.status, done: result.done }
      }),

    'aws.rotate': (input) =>
      connected(input, async ({ ctx, key, aftercare, credential }) => {
        let issued: IssuedSheets | undefined
        const issuer = ceremonyIssuer({
          ctx,
          methodId: key.methodId,
          ...(input.label?.trim() ? { label: input.label.trim() } : {}),
          pageSize: input.pageSize ?? 'A4',
          onIssued: (r) => {
            issued = r
            // In memory only, as for any set being issued: the wizard saves or prints it next.
            deps.pendingSheets?.put(r.issued.header.setId, r.pdf)
          },
        })
        const signerIsTarget = credential.accessKeyId === key.target.accessKeyId
        let result: RotateResult
        try {
          result = await rotateKey(aftercare, signerFromBundle(credential), {
            ...key.target,
            ...(signerIsTarget ? { accountId: credential.accountId, ...(credential.notes ? { notes: credential.notes } : {}) } : {}),
          }, issuer)
        } catch (error) {
          throw inAppWords(error)
        }
        const view: z.infer<typeof AwsRotateView> = {
          oldKeyId: result.oldKeyId,
          ...(result.newKeyId ? { newKeyId: result.newKeyId } : {}),
          ...(result.setId ? { setId: result.setId } : {}),
          oldKeyStatus: result.oldKeyStatus,
          complete: result.complete,
          done: result.done,
          next: nextStep(result),
          ...(issued ? { issued: issuanceStartedView(issued, key.methodId) } : {}),
        }
        return view
      }),
  }
}

/** The release's AWS key and IAM user (the user may be named explicitly), refusing what has none. */
function releasedKey(ctx: CeremonyContext, releaseId: string, userName: string | undefined, credential?: AwsAccessKeyBundle): ReleasedKey {
  const release = stateOf(ctx).releases[releaseId]
  if (!release) {
    throw new CustosError('RELEASE_NOT_FOUND', `There is no release ${releaseId} in this vault. Pick the release from the aftercare list.`, { releaseId })
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
        'Revoke and rotate it where it lives, then record the evidence in the aftercare checklist.',
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
  if (!/^[\w+=,.@-]{1,64}$/.test(user)) {
    throw new CustosError('INPUT_INVALID', `"${user}" is not an IAM user name (letters, digits and +=,.@_- up to 64 characters).`, { field: 'userName' })
  }
  return { releaseId, methodId: release.methodId, target: { userName: user, accessKeyId } }
}

function nextStep(result: RotateResult): string {
  const { oldKeyId, newKeyId, setId } = result
  if (result.complete) {
    return `The rotation is complete: the old key ${oldKeyId} is deleted and the new key ${newKeyId ?? ''} is held by set ${setId ?? ''}.`
  }
  switch (result.waitingFor) {
    case 'ceremony':
      return (
        `Finish the issuance ceremony of set ${setId}: save or print its sheets, scan every sheet back, hand each one over ` +
        `in a sealed bag, and activate the set. Then rotate again here to retire the old key ${oldKeyId}, which stays active until then.`
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

/** The core's refusals name CLI commands; in the app the same steps are screens. */
function inAppWords(error: unknown): unknown {
  if (!isCustosError(error)) return error
  const details = error.details ?? {}
  if (error.code === 'SET_NOT_READY' && details.step === 'ceremony') {
    return new CustosError(
      'SET_NOT_READY',
      `The new key ${String(details.newKeyId)} is in set ${String(details.setId)}, whose issuance ceremony is not finished, so ` +
        `nothing was changed in AWS. Finish set ${String(details.setId)} in the issuance screen (print, scan back, hand over, ` +
        `activate), then rotate again to retire the old key ${String(details.oldKeyId)}. If its sheets are lost, abandon the set ` +
        'there; the next rotation then replaces that key.',
      details,
    )
  }
  if (error.code === 'AWS_STEP_NEEDS_CONFIRMATION' && details.step === 'make-room') {
    return new CustosError(
      'AWS_STEP_NEEDS_CONFIRMATION',
      `The IAM user already has two access keys, the most AWS allows. Nothing was created. Confirm deleting the inactive ` +
        `key ${String(details.accessKeyId)} to make room, then rotate again.`,
      details,
    )
  }
  return error
}
