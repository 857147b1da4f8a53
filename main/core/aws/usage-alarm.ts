// Ready-to-apply detection of any use of a method's break-glass principal: EventBridge rule
// patterns over CloudTrail events (the IAM user and its keys; root console sign-in), as JSON
// and as a CloudFormation template with an SNS target placeholder. Text only: Custos stays offline.
import { CustosError } from '../../../shared/errors'
import type { VaultState } from '../logbook/vault-state'
import { breakGlassPrincipals, type BreakGlassPrincipals } from './break-glass-principals'

/** Where the alarm goes: replaced by the team with their own topic's ARN. */
export const SNS_TOPIC_PLACEHOLDER = 'arn:aws:sns:us-east-1:ACCOUNT_ID:custos-break-glass-alarm'

export interface AlarmRule {
  /** EventBridge rule name ([.-_A-Za-z0-9], at most 64 characters). */
  name: string
  description: string
  /** The EventBridge event pattern, as EventBridge takes it (--event-pattern). */
  eventPattern: Record<string, unknown>
}

export interface UsageAlarm {
  methodId: string
  methodName: string
  principals: BreakGlassPrincipals
  rules: AlarmRule[]
  snsTopicArn: string
  /** The rules with their target, as JSON text (format eventbridge). */
  eventbridge: string
  /** A CloudFormation template (JSON) creating the rules with the SNS topic as a parameter. */
  cloudformation: string
  /** AWS CLI commands that create the rules and their target (format eventbridge). */
  commands: string[]
  /** What to know before applying it. */
  notes: string[]
}

export interface UsageAlarmRequest {
  methodId: string
  /** The IAM user when the log does not know it yet (no release or rotation has named it). */
  userName?: string
  /** Limits the rules to one account (the pattern's "account" field). */
  accountId?: string
}

export function usageAlarm(state: VaultState, request: UsageAlarmRequest): UsageAlarm {
  const method = state.methods[request.methodId]
  if (!method) {
    throw new CustosError('METHOD_NOT_FOUND', `There is no method ${request.methodId} in this vault.`, { methodId: request.methodId })
  }
  const principals = breakGlassPrincipals(state, { methodId: method.methodId, ...(request.userName ? { userNames: [request.userName] } : {}) })
  if (principals.userNames.length === 0 && !principals.root) {
    throw new CustosError(
      'INPUT_INVALID',
      `The logbook does not name the IAM user of method ${method.methodId} yet (no release or rotation recorded it), and ` +
        'the method does not describe a root credential. Give the IAM user name.',
      { methodId: method.methodId, field: 'userName' },
    )
  }
  const account = request.accountId ? { account: [request.accountId] } : {}
  const slug = method.methodId.replace(/[^.\-_A-Za-z0-9]/g, '-').slice(0, 36)
  const rules: AlarmRule[] = []
  if (principals.userNames.length > 0) {
    rules.push({
      name: `custos-${slug}-key-use`,
      description: `Custos: any use of the break-glass IAM user of ${method.name} (${principals.userNames.join(', ')})`.slice(0, 512),
      eventPattern: {
        ...account,
        'detail-type': ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
        detail: { userIdentity: { type: ['IAMUser'], userName: principals.userNames } },
      },
    })
  }
  if (principals.root) {
    rules.push({
      name: `custos-${slug}-root-login`,
      description: `Custos: console sign-in as the account root (${method.name})`.slice(0, 512),
      eventPattern: {
        ...account,
        'detail-type': ['AWS Console Sign In via CloudTrail'],
        detail: { eventName: ['ConsoleLogin'], userIdentity: { type: ['Root'] } },
      },
    })
  }
  const eventbridge = JSON.stringify(
    { rules: rules.map((r) => ({ ...r, targets: [{ id: 'custos-alarm-topic', arn: SNS_TOPIC_PLACEHOLDER }] })) },
    null,
    2,
  )
  return {
    methodId: method.methodId,
    methodName: method.name,
    principals,
    rules,
    snsTopicArn: SNS_TOPIC_PLACEHOLDER,
    eventbridge,
    cloudformation: JSON.stringify(cloudFormation(method.name, rules), null, 2),
    commands: rules.flatMap((r) => [
      `aws events put-rule --region us-east-1 --name ${r.name} --event-pattern '${JSON.stringify(r.eventPattern)}'`,
      `aws events put-targets --region us-east-1 --rule ${r.name} --targets 'Id=custos-alarm-topic,Arn=${SNS_TOPIC_PLACEHOLDER}'`,
    ]),
    notes: [
      'Apply it from a connected machine; Custos itself never reaches AWS for this.',
      `Replace ${SNS_TOPIC_PLACEHOLDER} with your alarm topic; its access policy must allow events.amazonaws.com to sns:Publish.`,
      'EventBridge sees "AWS API Call via CloudTrail" events only while a CloudTrail trail is logging. IAM and console ' +
        'sign-in events arrive in us-east-1; create the rule there and in every region the key could be used in ' +
        '(e.g. a StackSet of the CloudFormation template).',
      'Read-only calls (Get*, List*, Describe*) may not reach EventBridge; "custos audit reconcile" checks them in the CloudTrail files.',
    ],
  }
}

function cloudFormation(methodName: string, rules: AlarmRule[]): Record<string, unknown> {
  const resources: Record<string, unknown> = {}
  for (const r of rules) {
    const logical = r.name.endsWith('root-login') ? 'BreakGlassRootLoginRule' : 'BreakGlassKeyUseRule'
    resources[logical] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: r.name,
        Description: r.description,
        State: 'ENABLED',
        EventPattern: r.eventPattern,
        Targets: [{ Arn: { Ref: 'AlarmTopicArn' }, Id: 'custos-alarm-topic' }],
      },
    }
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Custos: alarm on any use of the break-glass principal of ${methodName}`.slice(0, 1024),
    Parameters: {
      AlarmTopicArn: {
        Type: 'String',
        Default: SNS_TOPIC_PLACEHOLDER,
        Description: 'The SNS topic that receives the alarm (its policy must let events.amazonaws.com publish).',
      },
    },
    Resources: resources,
  }
}
