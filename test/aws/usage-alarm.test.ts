// The usage alarm as a team applies it: the EventBridge patterns `custos aws alarm` prints, run by
// a matcher that follows EventBridge's documented rules over CloudTrail events of many principals,
// match exactly the break-glass principal's events; the CloudFormation form carries the same
// patterns with the SNS topic as a parameter.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../main/core/api/create-api'
import { startIssuance } from '../../main/core/ceremonies/issuance'
import { defineMethod } from '../../main/core/ceremonies/methods'
import { grantRelease, requestRelease } from '../../main/core/ceremonies/release'
import { apiCaller } from '../helpers/api-call'
import { releaseRequest } from '../helpers/release-request'
import { runCli } from '../helpers/run-cli'
import { BREAK_GLASS_USER, METHOD_ID, OPERATOR_USER, makeHarness, type Harness } from './aws-harness'
import { eventBridgeEvent, trailRecord, type SampleCall } from './cloudtrail-samples'
import { matches, type Pattern } from './event-pattern'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
  // A release handed the break-glass key out: the log now names its IAM user and key.
  const ctx = h.ceremony()
  const issued = startIssuance(ctx, { methodId: METHOD_ID, bundle: h.releasedBundle })
  h.finishCeremony({ issued, pdf: Buffer.alloc(0), copies: 1 })
  const releaseId = requestRelease(ctx, releaseRequest({ methodId: METHOD_ID, useCase: 'SSO outage' })).releaseId
  grantRelease(ctx, releaseId, issued.sheets.slice(0, 2).map((s) => ({ custodianId: s.custodianId, input: { source: s.custodianId, payload: s.payload } })))
  defineMethod(ctx, {
    methodId: 'aws-root',
    name: 'AWS root account',
    scope: 'Account 123456789012 root user',
    ownerTeam: 'Cloud platform',
    useCases: ['Account recovery'],
    access: 'Root password and MFA seed',
    policy: { threshold: 2, total: 3, copies: 1 },
  })
  h.book.close()
})
afterEach(async () => {
  h.reopen()
  await h.close()
})

const { must } = apiCaller(() => createApi({ dataDir: h.dataDir, clock: h.clock }))

/** A day of CloudTrail in one account: the break-glass user among everyone else. */
function sampleDay(): { call: SampleCall; breakGlass: boolean; rootLogin: boolean }[] {
  const key = h.released.accessKeyId
  const t = (m: number) => new Date(Date.UTC(2026, 2, 1, 4, m))
  const bg = { type: 'IAMUser' as const, userName: BREAK_GLASS_USER, accessKeyId: key }
  const list: { call: SampleCall; breakGlass?: boolean; rootLogin?: boolean }[] = [
    // The break-glass user, by its key, in several services and regions, and failed attempts too.
    { call: { time: t(1), who: bg, eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com' }, breakGlass: true },
    { call: { time: t(2), who: bg, eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', region: 'eu-west-1' }, breakGlass: true },
    { call: { time: t(3), who: bg, eventName: 'UpdateService', eventSource: 'ecs.amazonaws.com', region: 'eu-central-1' }, breakGlass: true },
    { call: { time: t(4), who: bg, eventName: 'DeleteTrail', eventSource: 'cloudtrail.amazonaws.com', errorCode: 'AccessDenied' }, breakGlass: true },
    // The same user in the console (no access key on the sign-in) and with a second key of its own.
    { call: { time: t(5), who: { type: 'IAMUser', userName: BREAK_GLASS_USER }, eventName: 'ConsoleLogin' }, breakGlass: true },
    { call: { time: t(6), who: { type: 'IAMUser', userName: BREAK_GLASS_USER, accessKeyId: 'AKIAOTHERKEYOFBGUSER' }, eventName: 'ListUsers' }, breakGlass: true },
    // Everyone else: an admin acting ON the break-glass user, a look-alike name, a role session named like it.
    { call: { time: t(7), who: { type: 'IAMUser', userName: OPERATOR_USER, accessKeyId: h.operator.accessKeyId }, eventName: 'ListAccessKeys', requestParameters: { userName: BREAK_GLASS_USER } } },
    { call: { time: t(8), who: { type: 'IAMUser', userName: `${BREAK_GLASS_USER}-ops`, accessKeyId: 'AKIALOOKALIKEUSER000' }, eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' } },
    { call: { time: t(9), who: { type: 'AssumedRole', role: 'Admin', session: BREAK_GLASS_USER, accessKeyId: 'ASIAROLESESSION00001' }, eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com' } },
    { call: { time: t(10), who: { type: 'IAMUser', userName: OPERATOR_USER }, eventName: 'ConsoleLogin' } },
    // The account root: console sign-in (also a failed one), and an API call with a root key.
    { call: { time: t(11), who: { type: 'Root' }, eventName: 'ConsoleLogin' }, rootLogin: true },
    { call: { time: t(12), who: { type: 'Root' }, eventName: 'ConsoleLogin', errorCode: 'Failed authentication' }, rootLogin: true },
    { call: { time: t(13), who: { type: 'Root', accessKeyId: 'ASIAROOTSESSION00001' }, eventName: 'ListUsers' } },
  ]
  return list.map((e) => ({ call: e.call, breakGlass: Boolean(e.breakGlass), rootLogin: Boolean(e.rootLogin) }))
}

describe('the EventBridge matcher follows the documented rules', () => {
  it('exact values, arrays as OR, nested objects, prefix, and absent fields', () => {
    const event = { source: 'aws.s3', detail: { eventName: 'PutObject', userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::1:user/a' } }, resources: ['x', 'y'] }
    expect(matches({ source: ['aws.s3'] }, event)).toBe(true)
    expect(matches({ source: ['aws.ec2', 'aws.s3'] }, event)).toBe(true)
    expect(matches({ source: ['aws.ec2'] }, event)).toBe(false)
    expect(matches({ detail: { userIdentity: { type: ['IAMUser'] }, eventName: ['PutObject'] } }, event)).toBe(true)
    expect(matches({ detail: { userIdentity: { type: ['Root'] }, eventName: ['PutObject'] } }, event)).toBe(false)
    expect(matches({ detail: { userIdentity: { arn: [{ prefix: 'arn:aws:iam::1:' }] } } }, event)).toBe(true)
    expect(matches({ detail: { userIdentity: { arn: [{ prefix: 'arn:aws:iam::2:' }] } } }, event)).toBe(false)
    expect(matches({ resources: ['y'] }, event)).toBe(true)
    expect(matches({ detail: { errorCode: ['AccessDenied'] } }, event)).toBe(false)
    expect(matches({ detail: { errorCode: [{ exists: false }] } }, event)).toBe(true)
  })
})

describe('custos aws alarm', () => {
  it("the printed pattern matches exactly the break-glass user's events, whatever the service, region or outcome", async () => {
    const alarm = await must('aws.alarm', { methodId: METHOD_ID })
    expect(alarm.principals).toMatchObject({ userNames: [BREAK_GLASS_USER], root: false })
    expect(alarm.rules).toHaveLength(1)
    const printed = JSON.parse(alarm.eventbridge) as { rules: Array<{ eventPattern: Pattern; targets: Array<{ arn: string }> }> }
    expect(printed.rules[0]!.targets[0]!.arn).toBe('arn:aws:sns:us-east-1:ACCOUNT_ID:custos-break-glass-alarm')
    const day = sampleDay()
    const hit = day.filter((e) => printed.rules.some((r) => matches(r.eventPattern, eventBridgeEvent(trailRecord(e.call)))))
    expect(hit.map((e) => e.call.eventName)).toEqual(day.filter((e) => e.breakGlass).map((e) => e.call.eventName))
    expect(hit.every((e) => e.breakGlass)).toBe(true)
  })

  it('for a root method, the rule catches console sign-in as root, succeeded or failed, and nothing else', async () => {
    const alarm = await must('aws.alarm', { methodId: 'aws-root' })
    expect(alarm.principals.root).toBe(true)
    const day = sampleDay()
    const hit = day.filter((e) => alarm.rules.some((r: { eventPattern: Pattern }) => matches(r.eventPattern, eventBridgeEvent(trailRecord(e.call)))))
    expect(hit.length).toBe(2)
    expect(hit.every((e) => e.rootLogin)).toBe(true)
  })

  it('refuses a method whose IAM user the log does not know, unless it is named', async () => {
    const fresh = apiCaller(() => createApi({ dataDir: h.dataDir, clock: h.clock }))
    h.reopen()
    defineMethod(h.ceremony(), {
      methodId: 'aws-other',
      name: 'Other key',
      scope: 'Account 123456789012',
      ownerTeam: 'Cloud platform',
      useCases: ['SSO outage'],
      access: 'IAM access key',
      policy: { threshold: 2, total: 3, copies: 1 },
    })
    h.book.close()
    expect(await fresh.refused('aws.alarm', { methodId: 'aws-other' })).toMatchObject({ code: 'INPUT_INVALID', details: { field: 'userName' } })
    const named = await fresh.must('aws.alarm', { methodId: 'aws-other', userName: 'other-breakglass', accountId: '123456789012' })
    expect(named.rules[0].eventPattern).toMatchObject({ account: ['123456789012'], detail: { userIdentity: { userName: ['other-breakglass'] } } })
  })

  it('on the command line: EventBridge JSON with the commands to apply it, or a CloudFormation template with the same pattern', async () => {
    const eb = await runCli(['aws', 'alarm', '--method', METHOD_ID, '--data-dir', h.dataDir])
    expect(eb.code, eb.stderr).toBe(0)
    expect(eb.stdout).toContain('aws events put-rule --region us-east-1 --name custos-aws-breakglass-key-use')
    expect(eb.stdout).toContain('aws events put-targets')
    const rules = JSON.parse(eb.stdout.slice(0, eb.stdout.indexOf('\n# Apply'))).rules

    const cf = await runCli(['aws', 'alarm', '--method', METHOD_ID, '--format', 'cloudformation', '--data-dir', h.dataDir])
    expect(cf.code, cf.stderr).toBe(0)
    const template = JSON.parse(cf.stdout)
    expect(template.Resources.BreakGlassKeyUseRule).toMatchObject({
      Type: 'AWS::Events::Rule',
      Properties: { State: 'ENABLED', EventPattern: rules[0].eventPattern, Targets: [{ Arn: { Ref: 'AlarmTopicArn' } }] },
    })
    expect(template.Parameters.AlarmTopicArn.Default).toBe('arn:aws:sns:us-east-1:ACCOUNT_ID:custos-break-glass-alarm')

    // The runbook carries the same pattern for each method whose principal the log knows.
    const runbook = join(h.dataDir, '..', `runbook-${Date.now()}.pdf`)
    const rb = await runCli(['runbook', '--out', runbook, '--data-dir', h.dataDir])
    expect(rb.code, rb.stderr).toBe(0)
    const words = execFileSync('pdftotext', [runbook, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    rmSync(runbook, { force: true })
    expect(words).toContain('Usage alarm (EventBridge rule custos-aws-breakglass-key-use')
    expect(words).toContain('"userName":["breakglass"]')

    const bad = await runCli(['aws', 'alarm', '--method', METHOD_ID, '--format', 'terraform', '--data-dir', h.dataDir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('use eventbridge or cloudformation')
  })
})
