// CloudTrail records built from AWS's documented record format ("CloudTrail record contents",
// "userIdentity element", "AWS console sign-in events"), the EventBridge envelope they arrive in
// ("Events from AWS services"), and files as S3 delivers them (gzip'd {"Records": [...]}).
import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export const ACCOUNT = '123456789012'

export type Identity =
  | { type: 'IAMUser'; userName: string; accessKeyId?: string }
  | { type: 'Root'; accessKeyId?: string }
  | { type: 'AssumedRole'; role: string; session: string; accessKeyId: string }

export interface SampleCall {
  time: Date | string
  who: Identity
  eventName: string
  eventSource?: string
  region?: string
  ip?: string
  errorCode?: string
  requestId?: string
  requestParameters?: Record<string, unknown>
}

export function identity(who: Identity): Record<string, unknown> {
  switch (who.type) {
    case 'IAMUser':
      return {
        type: 'IAMUser',
        principalId: 'AIDA' + who.userName.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(17, 'X').slice(0, 17),
        arn: `arn:aws:iam::${ACCOUNT}:user/${who.userName}`,
        accountId: ACCOUNT,
        ...(who.accessKeyId ? { accessKeyId: who.accessKeyId } : {}),
        userName: who.userName,
      }
    case 'Root':
      return { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, ...(who.accessKeyId ? { accessKeyId: who.accessKeyId } : {}) }
    case 'AssumedRole':
      return {
        type: 'AssumedRole',
        principalId: `AROAEXAMPLEROLEID:${who.session}`,
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${who.role}/${who.session}`,
        accountId: ACCOUNT,
        accessKeyId: who.accessKeyId,
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID', arn: `arn:aws:iam::${ACCOUNT}:role/${who.role}`, accountId: ACCOUNT, userName: who.role },
          attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'false' },
        },
      }
  }
}

/** One CloudTrail record (management event) as it appears in a log file's "Records". */
export function trailRecord(call: SampleCall): Record<string, unknown> {
  const time = typeof call.time === 'string' ? call.time : call.time.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const signIn = call.eventName === 'ConsoleLogin'
  return {
    eventVersion: signIn ? '1.08' : '1.09',
    userIdentity: identity(call.who),
    eventTime: time,
    eventSource: call.eventSource ?? (signIn ? 'signin.amazonaws.com' : 'iam.amazonaws.com'),
    eventName: call.eventName,
    awsRegion: call.region ?? 'us-east-1',
    sourceIPAddress: call.ip ?? '198.51.100.10',
    userAgent: signIn ? 'Mozilla/5.0 (X11; Linux x86_64)' : 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1',
    ...(call.errorCode ? { errorCode: call.errorCode, errorMessage: `${call.errorCode} for ${call.eventName}` } : {}),
    requestParameters: call.requestParameters ?? null,
    responseElements: signIn ? { ConsoleLogin: call.errorCode ? 'Failure' : 'Success' } : null,
    ...(signIn ? { additionalEventData: { MFAUsed: 'Yes', LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No' } } : {}),
    ...(signIn ? {} : { requestID: call.requestId ?? randomUUID() }),
    eventID: randomUUID(),
    readOnly: /^(Get|List|Describe)/.test(call.eventName),
    eventType: signIn ? 'AwsConsoleSignIn' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
  }
}

/** The event EventBridge delivers for a CloudTrail record. */
export function eventBridgeEvent(record: Record<string, unknown>): Record<string, unknown> {
  const source = String(record.eventSource).split('.')[0]
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': record.eventType === 'AwsConsoleSignIn' ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: `aws.${source}`,
    account: ACCOUNT,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record,
  }
}

/**
 * Writes records as a trail's S3 bucket holds them: one gzip'd {"Records": [...]} file per
 * region and day under AWSLogs/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/. Returns the file count.
 */
export function writeTrailBucket(root: string, records: Record<string, unknown>[]): number {
  const files = new Map<string, Record<string, unknown>[]>()
  for (const r of records) {
    const t = String(r.eventTime)
    const dir = join(root, 'AWSLogs', ACCOUNT, 'CloudTrail', String(r.awsRegion), t.slice(0, 4), t.slice(5, 7), t.slice(8, 10))
    const name = `${ACCOUNT}_CloudTrail_${r.awsRegion}_${t.slice(0, 10).replace(/-/g, '')}T0000Z_${String(r.awsRegion).replace(/-/g, '')}.json.gz`
    const path = join(dir, name)
    files.set(path, [...(files.get(path) ?? []), r])
  }
  for (const [path, list] of files) {
    mkdirSync(join(path, '..'), { recursive: true })
    writeFileSync(path, gzipSync(JSON.stringify({ Records: list })))
  }
  return files.size
}

/** The JSON of `aws cloudtrail lookup-events --output json`: each record as a CloudTrailEvent string. */
export function lookupEventsExport(records: Record<string, unknown>[]): string {
  return JSON.stringify({
    Events: records.map((r) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      ReadOnly: String(r.readOnly),
      AccessKeyId: (r.userIdentity as { accessKeyId?: string }).accessKeyId,
      EventTime: r.eventTime,
      EventSource: r.eventSource,
      Username: (r.userIdentity as { userName?: string }).userName,
      Resources: [],
      CloudTrailEvent: JSON.stringify(r),
    })),
  })
}
