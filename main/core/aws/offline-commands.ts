// The offline alternative: the exact AWS CLI commands for each aftercare step, to run on a
// machine that may reach AWS, and the `custos aws record` line that logs what AWS answered.
import { isAccessKeyId, isIamUserName, KeyChangeReason, type AwsEvent } from '../../../shared/aws-events'
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
            'Create the new key and prove it works in one go. Its secret is shown once and is never saved: it stays in ' +
            'shell variables (not in a file, a profile or the history), signs "aws iam get-user" through environment ' +
            'variables of that one command, and is printed once as JSON to paste straight into the record command on ' +
            'the vault machine, which issues it as a new set through the issuance ceremony',
          command:
            `new_key=$(aws iam create-access-key --user-name ${u} --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text${endpoint}) && ` +
            'set -- $new_key && sleep 10 && ' +
            `env -u AWS_PROFILE -u AWS_SESSION_TOKEN AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" aws iam get-user --output json${endpoint} && ` +
            `printf '{"AccessKey":{"UserName":"%s","AccessKeyId":"%s","SecretAccessKey":"%s"}}\\n' ${u} "$1" "$2"; set --; unset new_key`,
          record:
            `custos aws record create --user ${u} --replaces ${k} --account-id ACCOUNT --method METHOD --pdf SHEETS.pdf   ` +
            `(paste the printed JSON on stdin), then custos aws record verify --user ${u} --key-id NEW-KEY-ID [--request-id ID] ` +
            '(get-user answered with the user\'s ARN)',
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
  if (!isAccessKeyId(input.accessKeyId)) {
    throw new CustosError('USAGE', `"${input.accessKeyId}" is not an access key id; it is 20 characters starting with AKIA.`)
  }
  if (!isIamUserName(input.userName)) {
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
  if (input.replaces !== undefined && !isAccessKeyId(input.replaces)) {
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
