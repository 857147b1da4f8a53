// `custos aws revoke`: deactivate the released key (this meets the revoke obligation), then,
// once the operator confirms, delete it. Each step is skipped when the logbook shows it done.
import { CustosError } from '../../../shared/errors'
import type { AftercareDeps, AftercareTarget, Signer } from './aftercare-steps'
import { deactivateKey, deleteKey, endpointOf, openSession } from './aftercare-steps'
import { awsState } from './aftercare-log'
import { withConnectedMode } from './connected-mode'

export interface RevokeResult {
  accessKeyId: string
  /** Where the key stands afterwards. */
  status: 'inactive' | 'deleted'
  /** Steps done by this run (a rerun after an interruption does only what is left). */
  done: Array<'deactivated' | 'deleted' | 'already-gone'>
}

export async function revokeKey(deps: AftercareDeps, signer: Signer, target: AftercareTarget): Promise<RevokeResult> {
  const before = awsState(deps.log).keys[target.accessKeyId]
  if (before?.status === 'deleted') {
    deps.progress?.(`${target.accessKeyId} is already deleted (logbook); nothing to do.`)
    return { accessKeyId: target.accessKeyId, status: 'deleted', done: [] }
  }
  const done: RevokeResult['done'] = []
  return withConnectedMode(
    { endpoint: endpointOf(deps), purpose: 'revoke', signerKeyId: signer.accessKeyId, log: deps.log, clock: deps.clock, onChange: deps.onConnectedChange },
    async () => {
      const session = openSession(deps, signer)
      try {
        if (before?.status !== 'inactive') {
          const outcome = await deactivateKey(deps, session, target, 'revoke')
          done.push(outcome)
          if (outcome === 'already-gone') return { accessKeyId: target.accessKeyId, status: 'deleted', done }
        } else {
          deps.progress?.(`${target.accessKeyId} is already inactive (logbook); going on to deletion.`)
        }
        const yes = await deps.confirm(
          `${target.accessKeyId} is inactive. Delete it for good? Deleting cannot be undone; keep it inactive instead if ` +
            'anything might still depend on it.',
          'delete',
        )
        if (!yes) {
          deps.progress?.(`${target.accessKeyId} stays inactive. Run the revoke step again, confirming the deletion, to delete it.`)
          return { accessKeyId: target.accessKeyId, status: 'inactive', done }
        }
        if (signer.accessKeyId === target.accessKeyId) {
          throw new CustosError(
            'AWS_SIGNER_UNUSABLE',
            `${target.accessKeyId} is now inactive, so it can no longer sign requests, including its own deletion. ` +
              'The revoke is recorded. To delete the key, run the revoke step again with another credential ' +
              `(your own IAM key) naming user ${target.userName} and key ${target.accessKeyId}, or run ` +
              `the offline command "aws iam delete-access-key --user-name ${target.userName} --access-key-id ${target.accessKeyId}" ` +
              'and record its evidence.',
            { accessKeyId: target.accessKeyId, step: 'delete' },
          )
        }
        done.push(await deleteKey(deps, session, target, 'revoke'))
        return { accessKeyId: target.accessKeyId, status: 'deleted', done }
      } finally {
        session.close()
      }
    },
  )
}
