// `custos aws rotate`: create the replacement key, prove it works, hand it to issuance (a new
// share set), then deactivate and delete the old key. Resumable from the logbook at every step;
// the new secret lives only in memory, so a key whose set was never issued is deleted and redone.
import type { AwsAccessKeyBundle } from '../../../shared/bundle'
import { replacementOf } from '../../../shared/aws-events'
import { CustosError } from '../../../shared/errors'
import { awsState } from './aftercare-log'
import type { AftercareDeps, AftercareTarget, ListedKey, Signer } from './aftercare-steps'
import { deactivateKey, deleteKey, endpointOf, listKeys, logged, needsConfirmation, openSession, withReceipt } from './aftercare-steps'
import { withConnectedMode } from './connected-mode'
import { defaultRetry, type IamSession, type RetryPolicy } from './iam-client'

/**
 * Issuance of the new key: must make the new set durable and append `set.issued` with
 * `awsAccessKeyId` before it resolves. One function, so the ceremony code can take its place.
 */
export type IssueNewKey = (bundle: AwsAccessKeyBundle) => Promise<{ setId: string }>

export interface RotateTarget extends AftercareTarget {
  /** Copied into the new bundle; when absent it is read from the ARN the new key answers GetUser with. */
  accountId?: string
  notes?: string
}

export type RotateStep = 'orphan-deleted' | 'made-room' | 'created' | 'verified' | 'issued' | 'old-deactivated' | 'old-deleted'

export interface RotateResult {
  oldKeyId: string
  newKeyId?: string
  setId?: string
  oldKeyStatus: 'active' | 'inactive' | 'deleted'
  complete: boolean
  done: RotateStep[]
}

/** Grace for clock skew between this machine and AWS when matching a key whose creation answer was lost. */
const CREATE_SKEW_MS = 5 * 60_000

export interface RotateOptions {
  /** How long to keep trying a brand-new key (IAM is eventually consistent: new keys take seconds to work). */
  verifyRetry?: RetryPolicy
}

export async function rotateKey(
  deps: AftercareDeps,
  signer: Signer,
  target: RotateTarget,
  issue: IssueNewKey,
  options: RotateOptions = {},
): Promise<RotateResult> {
  const oldId = target.accessKeyId
  const initial = awsState(deps.log)
  const issued = replacementOf(initial, oldId)
  if (issued?.issuedSetId && initial.keys[oldId]?.status === 'deleted') {
    deps.progress?.(`Rotation of ${oldId} is already complete: ${issued.accessKeyId} is in set ${issued.issuedSetId}.`)
    return { oldKeyId: oldId, newKeyId: issued.accessKeyId, setId: issued.issuedSetId, oldKeyStatus: 'deleted', complete: true, done: [] }
  }
  const done: RotateStep[] = []
  const sessions: IamSession[] = []
  const open = (who: Signer) => {
    const s = openSession(deps, who)
    sessions.push(s)
    return s
  }
  return withConnectedMode(
    { endpoint: endpointOf(deps), purpose: 'rotate', signerKeyId: signer.accessKeyId, log: deps.log, clock: deps.clock, onChange: deps.onConnectedChange },
    async () => {
      try {
        const session = open(signer)
        let replacement = replacementOf(awsState(deps.log), oldId)
        let newKey: Signer | undefined
        if (replacement && !replacement.issuedSetId) {
          // Created by a run that stopped before issuance: its secret died with that process.
          deps.progress?.(
            `${replacement.accessKeyId} was created by an interrupted rotation but never split into a set; its secret ` +
              'is lost, so Custos deletes it and creates a fresh key.',
          )
          await deleteKey(deps, session, { userName: target.userName, accessKeyId: replacement.accessKeyId }, 'orphan')
          done.push('orphan-deleted')
          replacement = undefined
        }
        let setId = replacement?.issuedSetId
        if (!replacement) {
          await makeRoom(deps, session, target, done)
          const created = await createKey(deps, session, target)
          done.push('created')
          newKey = created
          const accountId = await verifyKey(deps, open(created), target, options.verifyRetry ?? verifyRetryFrom(deps.retry))
          done.push('verified')
          const bundle: AwsAccessKeyBundle = {
            kind: 'aws-access-key',
            accessKeyId: created.accessKeyId,
            secretAccessKey: created.secretAccessKey,
            accountId: target.accountId ?? accountId,
            userName: target.userName,
            ...(target.notes ? { notes: target.notes } : {}),
          }
          setId = (await issue(bundle)).setId
          done.push('issued')
          deps.progress?.(`New key ${created.accessKeyId} issued as set ${setId}.`)
        }
        const newKeyId = newKey?.accessKeyId ?? replacement!.accessKeyId
        if (!newKey && signer.accessKeyId === newKeyId) newKey = signer

        // Retire the old key, signed by the new key when the old key was the only credential given.
        const retireSigner = newKey && signer.accessKeyId === oldId ? newKey : signer
        const retire = retireSigner === signer ? session : open(retireSigner)
        const oldTarget = { userName: target.userName, accessKeyId: oldId }
        const result = (status: RotateResult['oldKeyStatus'], complete: boolean): RotateResult => ({
          oldKeyId: oldId,
          newKeyId,
          ...(setId ? { setId } : {}),
          oldKeyStatus: status,
          complete,
          done,
        })
        let oldStatus = awsState(deps.log).keys[oldId]?.status
        if (oldStatus !== 'inactive' && oldStatus !== 'deleted') {
          const outcome = await deactivateKey(deps, retire, oldTarget, 'rotate')
          if (outcome === 'already-gone') return result('deleted', true)
          done.push('old-deactivated')
          oldStatus = 'inactive'
        }
        if (oldStatus === 'deleted') return result('deleted', true)
        if (retireSigner.accessKeyId === oldId) {
          throw new CustosError(
            'AWS_SIGNER_UNUSABLE',
            `The new key ${newKeyId} is issued${setId ? ` (set ${setId})` : ''} and the old key ${oldId} is inactive, so ` +
              'the old key cannot sign its own deletion. Run "custos aws rotate --connect --yes" again with the new ' +
              `key's bundle (recombined from set ${setId ?? 'the new set'}) or your own IAM credential on stdin and ` +
              `--user ${target.userName} --key-id ${oldId}, or delete it offline with ` +
              `"aws iam delete-access-key --user-name ${target.userName} --access-key-id ${oldId}" and "custos aws record".`,
            { oldKeyId: oldId, newKeyId, step: 'delete-old' },
          )
        }
        const yes = await deps.confirm(
          `The new key ${newKeyId} works and is issued; the old key ${oldId} is inactive. Delete ${oldId} for good?`,
        )
        if (!yes) {
          deps.progress?.(`${oldId} stays inactive. Run "custos aws rotate --connect --yes" later to delete it.`)
          return result('inactive', false)
        }
        await deleteKey(deps, retire, oldTarget, 'rotate')
        done.push('old-deleted')
        return result('deleted', true)
      } finally {
        for (const s of sessions) s.close()
      }
    },
  )
}

/** Clears the way for one more key: removes keys lost by an interrupted run, and (if allowed) an inactive one. */
async function makeRoom(deps: AftercareDeps, session: IamSession, target: RotateTarget, done: RotateStep[]): Promise<void> {
  const before = awsState(deps.log)
  let keys: ListedKey[] = await listKeys(deps, session, target.userName)
  const pending = before.pendingCreate
  if (pending && pending.replaces === target.accessKeyId && pending.userName === target.userName) {
    const since = Date.parse(pending.at) - CREATE_SKEW_MS
    for (const k of keys) {
      const unknown = k.accessKeyId !== target.accessKeyId && !before.keys[k.accessKeyId]
      if (unknown && Date.parse(k.createDate) >= since) {
        deps.progress?.(
          `${k.accessKeyId} appeared after an interrupted CreateAccessKey (its answer was never recorded, so its secret ` +
            'is unknown); deleting it.',
        )
        await deleteKey(deps, session, { userName: target.userName, accessKeyId: k.accessKeyId }, 'orphan')
        done.push('orphan-deleted')
        keys = keys.filter((x) => x.accessKeyId !== k.accessKeyId)
      }
    }
  }
  if (keys.length < 2) return
  const others = keys.filter((k) => k.accessKeyId !== target.accessKeyId)
  const inactive = others.filter((k) => k.status === 'Inactive')
  const describe = (list: ListedKey[]) => list.map((k) => `${k.accessKeyId} (${k.status.toLowerCase()}, created ${k.createDate.slice(0, 10)})`).join(' and ')
  if (keys.length - inactive.length >= 2 || inactive.length === 0) {
    throw new CustosError(
      'AWS_KEY_LIMIT',
      `${target.userName} already has ${keys.length} access keys: ${describe(keys)}. AWS allows two per user, so there ` +
        `is no room for the replacement. Find out whether ${describe(others)} is still used ("custos aws status --connect"), ` +
        'deactivate and delete it if not, then run the rotation again.',
      { keys: keys.map((k) => k.accessKeyId) },
    )
  }
  const victim = inactive[0]!
  const yes = await deps.confirm(
    `${target.userName} already has two access keys, the most AWS allows: ${describe(keys)}. ` +
      `To make room for the new key, delete the inactive key ${victim.accessKeyId}? Deleting cannot be undone.`,
  )
  if (!yes) {
    throw needsConfirmation(
      `Deleting the inactive key ${victim.accessKeyId} to make room`,
      'Run again with --yes to delete it, or delete a key yourself, then run the rotation again.',
    )
  }
  await deleteKey(deps, session, { userName: target.userName, accessKeyId: victim.accessKeyId }, 'make-room')
  done.push('made-room')
}

async function createKey(deps: AftercareDeps, session: IamSession, target: RotateTarget): Promise<Signer> {
  // The intent is logged first: if the answer is lost, the next run looks for a key it does not know.
  deps.log.append({ type: 'aws.key-create-requested', userName: target.userName, replaces: target.accessKeyId, at: deps.clock.now().toISOString() })
  const { output, receipt } = await logged(deps, session, 'CreateAccessKey', { UserName: target.userName }, { userName: target.userName })
  const key = output.AccessKey
  if (!key?.AccessKeyId || !key.SecretAccessKey) {
    throw new CustosError('AWS_SERVICE_ERROR', `CreateAccessKey answered without a key (request ${receipt.requestId}). Run the rotation again.`)
  }
  // Only the key id is logged; the secret stays in this process until issuance has split it.
  deps.log.append(
    withReceipt<'aws.key-created'>(
      {
        type: 'aws.key-created',
        userName: target.userName,
        accessKeyId: key.AccessKeyId,
        replaces: target.accessKeyId,
        createDate: (key.CreateDate ?? deps.clock.now()).toISOString(),
      },
      receipt,
    ),
  )
  deps.progress?.(`Created ${key.AccessKeyId} (request ${receipt.requestId}).`)
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }
}

/** Proves the new key works by calling GetUser signed with it; returns the account id from its ARN. */
async function verifyKey(deps: AftercareDeps, session: IamSession, target: RotateTarget, retry: RetryPolicy): Promise<string> {
  let attempt = 1
  for (;;) {
    try {
      const { output, receipt } = await logged(deps, session, 'GetUser', {}, { accessKeyId: session.signerKeyId })
      const arn = output.User?.Arn ?? ''
      const account = /^arn:aws[\w-]*:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(arn)
      if (!account || account[2] !== target.userName) {
        throw new CustosError(
          'AWS_STATE_CONFLICT',
          `The new key ${session.signerKeyId} answers as ${arn || 'nobody'}, not as user ${target.userName}. Stop and check the account.`,
        )
      }
      deps.log.append(withReceipt<'aws.key-verified'>({ type: 'aws.key-verified', accessKeyId: session.signerKeyId, userArn: arn }, receipt))
      deps.progress?.(`Proved ${session.signerKeyId} works: AWS answers as ${arn} (request ${receipt.requestId}).`)
      return account[1]!
    } catch (error) {
      // A brand-new key is refused for a few seconds while IAM propagates it.
      if (error instanceof CustosError && error.code === 'AWS_CREDENTIAL_REFUSED' && attempt < retry.attempts) {
        attempt += 1
        await retry.sleep(retry.delayMs(attempt))
        continue
      }
      throw error
    }
  }
}

function verifyRetryFrom(retry: RetryPolicy | undefined): RetryPolicy {
  const base = retry ?? defaultRetry
  return { ...base, attempts: Math.max(base.attempts, 8) }
}
