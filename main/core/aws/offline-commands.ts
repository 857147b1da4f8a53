// The offline alternative: the exact AWS CLI commands for each aftercare step, to run on a
// machine that may reach AWS, and the `custos aws record` line that logs what AWS answered.
import { KeyChangeReason, type AwsEvent } from '../../../shared/aws-events'
import { CustosError } from '../../../shared/errors'
import type { AftercareTarget } from './aftercare-steps'
import { DEFAULT_IAM_ENDPOINT } from './allow-list'

export interface OfflineStep {
  /** What the step does, in a sentence. */
  title: string
  /** The AWS CLI command, exactly as to type it (no secret in it). */
  command: string
  /** How to record its result in the vault's logbook; absent for read-only checks. */
  record?: string
}

export type OfflinePurpose = 'status' | 'revoke' | 'rotate'

export function offlineSteps(purpose: OfflinePurpose, target: AftercareTarget, options: { endpoint?: string } = {}): OfflineStep[] {
  const u = shellWord(target.userName)
  const k = target.accessKeyId
  const endpoint = options.endpoint && options.endpoint !== DEFAULT_IAM_ENDPOINT ? ` --endpoint-url ${shellWord(options.endpoint)}` : ''
  const list: OfflineStep = {
    title: `List ${target.userName}'s access keys and their status`,
    command: `aws iam list-access-keys --user-name ${u}${endpoint}`,
  }
  const lastUsed: OfflineStep = {
    title: `When and where ${k} was last used`,
    command: `aws iam get-access-key-last-used --access-key-id ${k}${endpoint}`,
  }
  const record = (step: 'deactivate' | 'delete', reason: string) =>
    `custos aws record ${step} --user ${u} --key-id ${k} --reason ${reason} [--request-id ID] [--performed-at ISO-TIME]`
  const deactivate = (reason: string): OfflineStep => ({
    title: `Deactivate ${k} (reversible: nothing can use it any more)`,
    command: `aws iam update-access-key --user-name ${u} --access-key-id ${k} --status Inactive${endpoint}`,
    record: record('deactivate', reason),
  })
  const remove = (reason: string): OfflineStep => ({
    title: `Delete ${k} for good, once nothing broke while it was inactive`,
    command: `aws iam delete-access-key --user-name ${u} --access-key-id ${k}${endpoint}`,
    record: record('delete', reason),
  })
  switch (purpose) {
    case 'status':
      return [list, lastUsed]
    case 'revoke':
      return [deactivate('revoke'), remove('revoke'), list]
    case 'rotate':
      return [
        { ...list, title: `${list.title}: AWS allows two per user; delete an unused inactive one first if there are two` },
        {
          title:
            'Create the new key. Its secret is shown once: do not save it; paste the whole JSON answer straight into ' +
            'the record command on the vault machine, which issues it as a new set through the issuance ceremony',
          command: `aws iam create-access-key --user-name ${u} --output json${endpoint}`,
          record: `custos aws record create --user ${u} --replaces ${k} --account-id ACCOUNT --method METHOD --pdf SHEETS.pdf   (paste the JSON on stdin)`,
        },
        {
          title: 'Prove the new key works (run with the NEW key configured, e.g. in a fresh AWS CLI profile)',
          command: `aws iam get-user${endpoint}`,
          record: `custos aws record verify --user ${u} --key-id NEW-KEY-ID [--request-id ID]`,
        },
        {
          ...deactivate('rotate'),
          title:
            'Only once the new set is active (print its sheets, custos ceremony handover / verify / activate): ' +
            `deactivate ${k}`,
        },
        remove('rotate'),
      ]
  }
}

export interface OfflineEvidence {
  step: 'deactivate' | 'delete' | 'create' | 'verify'
  userName: string
  accessKeyId: string
  replaces?: string
  reason?: string
  requestId?: string
  performedAt: string
  note?: string
}

/** Builds the aws.evidence-recorded event from what the operator typed, with readable refusals. */
export function evidenceEvent(input: OfflineEvidence): Extract<AwsEvent, { type: 'aws.evidence-recorded' }> {
  if (!/^AKIA[A-Z0-9]{16}$/.test(input.accessKeyId)) {
    throw new CustosError('USAGE', `"${input.accessKeyId}" is not an access key id; it is 20 characters starting with AKIA.`)
  }
  if (!/^[\w+=,.@-]{1,64}$/.test(input.userName)) {
    throw new CustosError('USAGE', `"${input.userName}" is not an IAM user name.`)
  }
  const performed = new Date(input.performedAt)
  if (Number.isNaN(performed.getTime())) {
    throw new CustosError('USAGE', `"${input.performedAt}" is not a time; use ISO form like 2026-03-01T04:12:00Z.`)
  }
  let reason: KeyChangeReason | undefined
  if (input.reason !== undefined) {
    const parsed = KeyChangeReason.safeParse(input.reason)
    if (!parsed.success) throw new CustosError('USAGE', `--reason must be one of ${KeyChangeReason.options.join(', ')}.`)
    reason = parsed.data
  }
  if (input.replaces !== undefined && !/^AKIA[A-Z0-9]{16}$/.test(input.replaces)) {
    throw new CustosError('USAGE', `--replaces "${input.replaces}" is not an access key id.`)
  }
  return {
    type: 'aws.evidence-recorded',
    step: input.step,
    userName: input.userName,
    accessKeyId: input.accessKeyId,
    ...(input.replaces ? { replaces: input.replaces } : {}),
    ...(reason ? { reason } : {}),
    ...(input.requestId ? { requestId: input.requestId.slice(0, 128) } : {}),
    performedAt: performed.toISOString(),
    ...(input.note ? { note: input.note.slice(0, 500) } : {}),
  }
}

/** Quotes a value for a POSIX shell when it needs it (IAM names allow +=,.@_- which are safe). */
function shellWord(value: string): string {
  return /^[\w+=,.@:/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}
