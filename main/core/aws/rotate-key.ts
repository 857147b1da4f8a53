// `custos aws rotate`: create the replacement key, prove it works, issue it through the issuance
// ceremony (a new pending set), and once that set is active, deactivate and delete the old key.
// Resumable from the logbook at every step; the new secret lives only in memory until its set is
// recorded, so a key whose set was never issued (or was abandoned) is deleted and redone.
import type { AwsAccessKeyBundle } from '../../../shared/bundle'
import { replacementOf } from '../../../shared/aws-events'
import { CustosError } from '../../../shared/errors'
import type { VaultState } from '../logbook/vault-state'
import { awsState } from './aftercare-log'
import type { AwsKeyState } from '../../../shared/aws-events'
import type { AftercareDeps, AftercareTarget, ListedKey, Signer } from './aftercare-steps'
import {
  deactivateKey,
  deleteKey,
  endpointOf,
  listKeys,
  logged,
  needsConfirmation,
  openSession,
  SelfDeletedError,
  withReceipt,
} from './aftercare-steps'
import { withConnectedMode } from './connected-mode'
import { defaultRetry, type IamSession, type RetryPolicy } from './iam-client'

/**
 * Issuance of the new key (main/core/aws/ceremony-issuer.ts): starts the issuance ceremony of
 * a new set for the method, so `set.issued` (with `awsAccessKeyId`) is durable and the sheets
 * exist before issue() resolves. The set is then pending until printed, scanned back, handed
 * over and activated.
 */
export interface NewKeyIssuer {
  /** Throws if issuance could not succeed (no such method, a set already pending, no PDF path...); runs before any key is made. */
  check(): void
  issue(bundle: AwsAccessKeyBundle): Promise<{ setId: string }>
}

export interface RotateTarget extends AftercareTarget {
  /** Copied into the new bundle; when absent it is read from the ARN the new key answers GetUser with. */
  accountId?: string
  notes?: string
}

export type RotateStep =
  | 'orphan-deleted'
  | 'made-room'
  | 'created'
  | 'verified'
  | 'issued'
  | 'old-deactivated'
  | 'old-deleted'

export interface RotateResult {
  oldKeyId: string
  newKeyId?: string
  setId?: string
  oldKeyStatus: 'active' | 'inactive' | 'deleted'
  complete: boolean
  done: RotateStep[]
  /**
   * Why the rotation stopped short of complete: the new set's ceremony must finish first
   * ('ceremony'), the deletion of the old key was not confirmed ('confirmation'), or the old key
   * is inactive and cannot sign its own deletion ('other-signer').
   */
  waitingFor?: 'ceremony' | 'confirmation' | 'other-signer'
}

/** Where the new key's set stands in its issuance ceremony. */
export type NewSetPhase = 'pending' | 'abandoned' | 'ready'

/** A set the log has no custody of was split outside the ceremony (before it existed): it counts as ready. */
export function newSetPhase(state: VaultState, setId: string): NewSetPhase {
  const custody = state.custody[setId]
  if (!custody) return 'ready'
  if (custody.status === 'pending') return 'pending'
  if (custody.status === 'retired' && custody.retired?.reason === 'abandoned') return 'abandoned'
  return 'ready'
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
  issuer: NewKeyIssuer,
  options: RotateOptions = {},
): Promise<RotateResult> {
  const oldId = target.accessKeyId
  const initial = awsState(deps.log)
  const issued = replacementOf(initial, oldId)
  if (issued?.issuedSetId && initial.keys[oldId]?.status === 'deleted') {
    deps.progress?.(`Rotation of ${oldId} is already complete: ${issued.accessKeyId} is in set ${issued.issuedSetId}.`)
    return { oldKeyId: oldId, newKeyId: issued.accessKeyId, setId: issued.issuedSetId, oldKeyStatus: 'deleted', complete: true, done: [] }
  }
  // Decided from the log before anything reaches AWS.
  const phase = issued?.issuedSetId ? newSetPhase(deps.log.state(), issued.issuedSetId) : undefined
  if (phase === 'pending') throw ceremonyPending(issued!.accessKeyId, issued!.issuedSetId!, oldId)
  if (phase !== 'ready') issuer.check()

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
        const lostPhase = replacement?.issuedSetId ? newSetPhase(deps.log.state(), replacement.issuedSetId) : 'unissued'
        if (replacement && (lostPhase === 'unissued' || lostPhase === 'abandoned')) {
          // Its secret existed only in the memory of a run that stopped before issuance, or only on
          // the sheets of a set that was abandoned (and destroyed): nobody can use it any more.
          deps.progress?.(
            lostPhase === 'abandoned'
              ? `${replacement.accessKeyId} was issued as set ${replacement.issuedSetId}, which was abandoned, so its secret is ` +
                  'lost; Custos deletes it and creates a fresh key.'
              : `${replacement.accessKeyId} was created by an interrupted rotation but never split into a set; its secret ` +
                  'is lost, so Custos deletes it and creates a fresh key.',
          )
          await deleteKey(deps, session, { userName: target.userName, accessKeyId: replacement.accessKeyId }, 'orphan')
          done.push('orphan-deleted')
          replacement = undefined
        }
        const result = (status: RotateResult['oldKeyStatus'], complete: boolean, extra: Partial<RotateResult> = {}): RotateResult => ({
          oldKeyId: oldId,
          ...(replacement ? { newKeyId: replacement.accessKeyId } : {}),
          ...(replacement?.issuedSetId ? { setId: replacement.issuedSetId } : {}),
          oldKeyStatus: status,
          complete,
          done,
          ...extra,
        })

        if (!replacement) {
          await makeRoom(deps, session, target, done)
          const created = await createKey(deps, session, target)
          done.push('created')
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
          const { setId } = await issuer.issue(bundle)
          done.push('issued')
          deps.progress?.(
            `New key ${created.accessKeyId} issued as set ${setId}. The old key ${oldId} stays active until that set is ` +
              'active: print, scan back, hand over and activate it, then run the rotation again.',
          )
          // Stop here: until the new set is active, the old key may be the only working one.
          const oldStatus = awsState(deps.log).keys[oldId]?.status ?? 'active'
          return { ...result(oldStatus, false), newKeyId: created.accessKeyId, setId, waitingFor: 'ceremony' }
        }

        // The new set is active: retire the old key.
        const newKeyId = replacement.accessKeyId
        const setId = replacement.issuedSetId
        const oldTarget = { userName: target.userName, accessKeyId: oldId }
        let oldStatus = awsState(deps.log).keys[oldId]?.status
        if (oldStatus === 'deleted') return result('deleted', true)
        const selfSigned = signer.accessKeyId === oldId
        if (selfSigned && oldStatus === 'inactive') {
          throw new CustosError(
            'AWS_SIGNER_UNUSABLE',
            `The new key ${newKeyId} is in the active set ${setId} and the old key ${oldId} is inactive, so the old key ` +
              'cannot sign its own deletion. Run the rotation again with the new key\'s bundle ' +
              `(recombined from set ${setId}) or your own IAM credential, naming user ${target.userName} and key ${oldId}, ` +
              `or delete it offline with "aws iam delete-access-key --user-name ${target.userName} --access-key-id ${oldId}" ` +
              'and record the deletion as evidence.',
            { oldKeyId: oldId, newKeyId, step: 'delete-old' },
          )
        }
        // Before anything happens to the old key, the new one must still exist, be active and work;
        // otherwise the old key stays as it is and the account keeps a working key.
        try {
          await proveReplacement(deps, session, signer, target.userName, replacement, oldId)
        } catch (error) {
          // The old key signed its own deletion in an earlier run whose answer was lost: it is gone.
          if (error instanceof SelfDeletedError && error.accessKeyId === oldId) return result('deleted', true)
          throw error
        }
        if (selfSigned) {
          // An active key can sign its own deletion, but not once it is inactive: ask first.
          const yes = await deps.confirm(
            `The new set ${setId} (key ${newKeyId}) is active. Delete the old key ${oldId} for good? It signs its own ` +
              'deletion. If you answer no, it is only deactivated, and deleting it later needs another credential.',
            'delete',
          )
          if (yes) {
            const outcome = await deleteKey(deps, session, oldTarget, 'rotate')
            if (outcome === 'deleted') done.push('old-deleted')
            return result('deleted', true)
          }
          const outcome = await deactivateKey(deps, session, oldTarget, 'rotate')
          if (outcome === 'already-gone') return result('deleted', true)
          done.push('old-deactivated')
          deps.progress?.(`${oldId} is inactive. Deleting it needs the new key's bundle or your own IAM credential.`)
          return result('inactive', false, { waitingFor: 'other-signer' })
        }
        if (oldStatus !== 'inactive') {
          const outcome = await deactivateKey(deps, session, oldTarget, 'rotate')
          if (outcome === 'already-gone') return result('deleted', true)
          done.push('old-deactivated')
          oldStatus = 'inactive'
        }
        const yes = await deps.confirm(
          `The new set ${setId} (key ${newKeyId}) is active; the old key ${oldId} is inactive. Delete ${oldId} for good?`,
          'delete',
        )
        if (!yes) {
          deps.progress?.(`${oldId} stays inactive. Run the rotation again, confirming the deletion, to delete it.`)
          return result('inactive', false, { waitingFor: 'confirmation' })
        }
        await deleteKey(deps, session, oldTarget, 'rotate')
        done.push('old-deleted')
        return result('deleted', true)
      } finally {
        for (const s of sessions) s.close()
      }
    },
  )
}

function ceremonyPending(newKeyId: string, setId: string, oldId: string): CustosError {
  return new CustosError(
    'SET_NOT_READY',
    `The new key ${newKeyId} is in set ${setId}, whose issuance ceremony is not finished, so nothing was changed in AWS and ` +
      `the old key ${oldId} stays as it is. Finish the ceremony of set ${setId} (print its sheets, scan every sheet back, ` +
      'hand each one over in a sealed bag, activate the set), then rotate again to retire the old key. If the sheets are ' +
      `lost, abandon set ${setId}; the next rotation then replaces that key.`,
    { setId, newKeyId, oldKeyId: oldId, step: 'ceremony' },
  )
}

/**
 * The new key must be listed by IAM as Active right now (ListAccessKeys), and a call signed by it
 * must have succeeded: this very listing when the new key signs, else the GetUser it signed when
 * it was made (aws.key-verified; a key's secret never changes, so a key proven then and listed
 * Active now still works). Throws AWS_STATE_CONFLICT, before the old key is touched, otherwise.
 */
async function proveReplacement(
  deps: AftercareDeps,
  session: IamSession,
  signer: Signer,
  userName: string,
  replacement: AwsKeyState,
  oldId: string,
): Promise<void> {
  const newId = replacement.accessKeyId
  const setId = replacement.issuedSetId
  const keys = await listKeys(deps, session, userName)
  const listed = keys.find((k) => k.accessKeyId === newId)
  const keep = `The old key ${oldId} is kept as it is, so ${userName} still has a working key; nothing was deactivated or deleted.`
  if (!listed) {
    throw new CustosError(
      'AWS_STATE_CONFLICT',
      `The new key ${newId} (set ${setId}) is no longer in IAM: it was deleted outside Custos, e.g. in the console. ${keep} ` +
        `Run the rotation again: Custos then creates a fresh key and issues it as a new set (set ${setId} holds a dead key ` +
        'and is retired when the new set is activated).',
      { newKeyId: newId, oldKeyId: oldId, setId, step: 'prove-new-key', found: 'missing' },
    )
  }
  if (listed.status !== 'Active') {
    throw new CustosError(
      'AWS_STATE_CONFLICT',
      `The new key ${newId} (set ${setId}) is inactive in IAM: someone deactivated it outside Custos. ${keep} If that was ` +
        `a mistake, reactivate it (aws iam update-access-key --user-name ${userName} --access-key-id ${newId} --status Active) ` +
        'and rotate again; otherwise delete it and rotate again for a fresh key.',
      { newKeyId: newId, oldKeyId: oldId, setId, step: 'prove-new-key', found: 'inactive' },
    )
  }
  if (signer.accessKeyId === newId) {
    deps.progress?.(`Proved ${newId} works: it signed the listing that shows it Active.`)
    return
  }
  const proven = replacement.verifiedAt
  if (!proven) {
    throw new CustosError(
      'AWS_STATE_CONFLICT',
      `The new key ${newId} is listed as Active, but no call signed by it is on record. ${keep} Run the rotation again ` +
        `with the new key's bundle on stdin (it signs the check itself), or prove it offline ` +
        `(the rotation's offline steps for user ${userName} and key ${oldId} say how) and record that as evidence.`,
      { newKeyId: newId, oldKeyId: oldId, setId, step: 'prove-new-key', found: 'unproven' },
    )
  }
  deps.progress?.(`${newId} is listed Active and signed GetUser at ${proven}; the old key can go.`)
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
        `is no room for the replacement. Find out whether ${describe(others)} is still used (the key status step shows its last use), ` +
        'deactivate and delete it if not, then run the rotation again.',
      { keys: keys.map((k) => k.accessKeyId) },
    )
  }
  const victim = inactive[0]!
  const yes = await deps.confirm(
    `${target.userName} already has two access keys, the most AWS allows: ${describe(keys)}. ` +
      `To make room for the new key, delete the inactive key ${victim.accessKeyId}? Deleting cannot be undone.`,
    'make-room',
  )
  if (!yes) {
    throw needsConfirmation(
      `Deleting the inactive key ${victim.accessKeyId} to make room`,
      `Nothing was created. Confirm deleting the inactive key ${victim.accessKeyId}, or delete a key yourself, then run the rotation again.`,
      { step: 'make-room', accessKeyId: victim.accessKeyId },
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
  // Only the key id is logged; the secret stays in this process until its set is recorded.
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
