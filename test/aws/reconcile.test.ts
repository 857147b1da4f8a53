// Reconciliation for auditors over a year of synthetic CloudTrail (thousands of records of many
// principals, gzip'd per region and day as S3 delivers them, plus a lookup-events export that
// overlaps them): uses of the break-glass key inside the release windows pass, Custos's own logged
// calls are set apart, and every use outside a window or after a revoke is flagged with its time
// and event name, in `custos audit reconcile --json`, in the logbook and in the audit PDF.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signerFromBundle } from '../../main/core/aws/aftercare-steps'
import { checkKeys } from '../../main/core/aws/check-keys'
import { startIssuance } from '../../main/core/ceremonies/issuance'
import { grantRelease, recordRevoked, requestRelease } from '../../main/core/ceremonies/release'
import { releaseRequest } from '../helpers/release-request'
import { runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'
import { BREAK_GLASS_USER, METHOD_ID, OPERATOR_USER, makeHarness, ofType, type Harness } from './aws-harness'
import { lookupEventsExport, trailRecord, writeTrailBucket, type Identity, type SampleCall } from './cloudtrail-samples'

let h: Harness
let scratch: ReturnType<typeof makeTempDir>
const windows: Array<{ releaseId: string; from: string; to: string; inside: number }> = []
const flaggedExpected: Array<{ eventTime: string; eventName: string; accessKeyId?: string; reason: string; release?: number }> = []
let aftercareRequestIds: string[] = []
let totalRecords = 0

/** A tiny deterministic generator, so every run builds the same year. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
}

beforeAll(async () => {
  h = await makeHarness()
  scratch = makeTempDir('custos-reconcile-')
  const ctx = h.ceremony()
  const issued = startIssuance(ctx, { methodId: METHOD_ID, bundle: h.releasedBundle })
  h.finishCeremony({ issued, pdf: Buffer.alloc(0), copies: 1 })
  const present = issued.sheets.slice(0, 2).map((s) => ({ custodianId: s.custodianId, input: { source: s.custodianId, payload: s.payload } }))
  // Three releases in the year, each granted and revoked (the log's own times).
  for (const [from, to] of [
    ['2026-03-10T02:00:00Z', '2026-03-10T05:00:00Z'],
    ['2026-06-20T14:00:00Z', '2026-06-20T18:30:00Z'],
    ['2026-11-02T09:00:00Z', '2026-11-02T10:15:00Z'],
  ] as const) {
    h.clock.set(new Date(Date.parse(from) - 20 * 60_000))
    const { releaseId } = requestRelease(ctx, releaseRequest({ methodId: METHOD_ID, useCase: 'SSO outage' }))
    h.clock.set(from)
    grantRelease(ctx, releaseId, present)
    h.clock.set(to)
    recordRevoked(ctx, releaseId, 'Key deactivated by the operator in the console')
    windows.push({ releaseId, from, to, inside: 0 })
  }
  // A status check Custos itself made on 20 November, signed by the break-glass key: logged with AWS's request ids.
  h.clock.set('2026-11-20T10:00:00Z')
  await checkKeys(h.deps(), signerFromBundle(h.releasedBundle), { userName: BREAK_GLASS_USER, accessKeyId: h.released.accessKeyId })
  aftercareRequestIds = [...ofType(h.events(), 'aws.keys-listed'), ...ofType(h.events(), 'aws.key-last-used')].map((e) => e.requestId)
  h.book.close()

  // The year in CloudTrail.
  const rnd = random(7)
  const key = h.released.accessKeyId
  const bg: Identity = { type: 'IAMUser', userName: BREAK_GLASS_USER, accessKeyId: key }
  const services = ['s3', 'ec2', 'iam', 'sts', 'rds', 'lambda', 'ecs', 'kms']
  const regions = ['us-east-1', 'eu-west-1', 'eu-central-1']
  const others: Identity[] = [
    { type: 'IAMUser', userName: OPERATOR_USER, accessKeyId: h.operator.accessKeyId },
    { type: 'IAMUser', userName: 'ci-deployer', accessKeyId: 'AKIACIDEPLOYER000001' },
    { type: 'AssumedRole', role: 'Admin', session: 'alice', accessKeyId: 'ASIAADMINSESSION0001' },
    { type: 'AssumedRole', role: 'ReadOnly', session: BREAK_GLASS_USER, accessKeyId: 'ASIAREADONLYSESS0001' },
  ]
  const yearStart = Date.parse('2026-01-01T00:00:00Z')
  const year = 365 * 86_400_000
  const call = (time: number, who: Identity, extra: Partial<SampleCall> = {}): Record<string, unknown> => {
    const service = services[Math.floor(rnd() * services.length)]!
    return trailRecord({
      time: new Date(Math.floor(time / 1000) * 1000),
      who,
      eventName: ['List', 'Describe', 'Get', 'Put', 'Update'][Math.floor(rnd() * 5)]! + 'Thing',
      eventSource: `${service}.amazonaws.com`,
      region: regions[Math.floor(rnd() * regions.length)]!,
      ip: `198.51.100.${Math.floor(rnd() * 250)}`,
      ...extra,
    })
  }
  const records: Record<string, unknown>[] = []
  for (let i = 0; i < 4000; i++) records.push(call(yearStart + rnd() * year, others[Math.floor(rnd() * others.length)]!))
  // Inside each window: the operator at work with the released key.
  for (const w of windows) {
    const from = Date.parse(w.from)
    const span = Date.parse(w.to) - from
    const n = 60 + Math.floor(rnd() * 60)
    for (let i = 0; i < n; i++) records.push(call(from + 60_000 + rnd() * (span - 120_000), bg))
    w.inside = n
  }
  // Root signs in during the second incident: inside its window.
  records.push(trailRecord({ time: '2026-06-20T15:10:00Z', who: { type: 'Root' }, eventName: 'ConsoleLogin' }))
  windows[1]!.inside += 1
  // Custos's own calls of 20 November (ListAccessKeys, GetAccessKeyLastUsed), as CloudTrail records them.
  aftercareRequestIds.forEach((requestId, i) =>
    records.push(trailRecord({ time: `2026-11-20T10:00:0${i}Z`, who: bg, eventName: i === 0 ? 'ListAccessKeys' : 'GetAccessKeyLastUsed', requestId })),
  )
  // The uses no release covers.
  const outside: Array<[SampleCall, string, number | undefined]> = [
    [{ time: '2026-02-14T03:00:00Z', who: bg, eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com', ip: '203.0.113.66' }, 'outside-release', undefined],
    [{ time: '2026-04-01T12:00:00Z', who: bg, eventName: 'ListBuckets', eventSource: 's3.amazonaws.com' }, 'after-revoke', 0],
    [{ time: '2026-06-20T19:05:00Z', who: bg, eventName: 'CreateUser', errorCode: 'AccessDenied' }, 'after-revoke', 1],
    [{ time: '2026-09-09T08:30:00Z', who: { type: 'Root' }, eventName: 'ConsoleLogin', ip: '203.0.113.99' }, 'after-revoke', 1],
  ]
  for (const [c, reason, release] of outside) {
    records.push(trailRecord(c))
    flaggedExpected.push({ eventTime: String(c.time).replace('Z', '.000Z'), eventName: c.eventName, ...(c.who.accessKeyId ? { accessKeyId: c.who.accessKeyId } : {}), reason, ...(release !== undefined ? { release } : {}) })
  }
  const bucket = join(scratch.path, 'trail')
  mkdirSync(bucket)
  const files = writeTrailBucket(bucket, records)
  expect(files).toBeGreaterThan(300)
  // A lookup-events export of November and December: overlaps the bucket, and holds one record it lacks.
  const late = trailRecord({ time: '2026-12-24T23:59:00Z', who: bg, eventName: 'PutObject', eventSource: 's3.amazonaws.com' })
  flaggedExpected.push({ eventTime: '2026-12-24T23:59:00.000Z', eventName: 'PutObject', accessKeyId: key, reason: 'after-revoke', release: 2 })
  const novDec = records.filter((r) => String(r.eventTime) >= '2026-11-01')
  writeFileSync(join(scratch.path, 'lookup-events.json'), lookupEventsExport([...novDec, late]))
  totalRecords = records.length + 1
})

afterAll(async () => {
  h.reopen()
  await h.close()
  scratch.cleanup()
})

describe('custos audit reconcile over a year of CloudTrail', () => {
  it('flags exactly the uses outside the release windows, with time, event name, key and why; logs it; the audit PDF lists them', async () => {
    const env = { CUSTOS_ACTOR: 'auditor-ann' }
    const run = await runCli(['audit', 'reconcile', join(scratch.path, 'trail'), join(scratch.path, 'lookup-events.json'), '--data-dir', h.dataDir, '--json'], { env })
    expect(run.code, run.stderr).toBe(6)
    const out = run.json()
    expect(out).toMatchObject({ ok: true, reconciled: true, records: totalRecords, aftercareCalls: 2 })
    expect(out.principals).toMatchObject({ userNames: [BREAK_GLASS_USER], accessKeyIds: [h.released.accessKeyId], root: true })
    const insideTotal = windows.reduce((n, w) => n + w.inside, 0)
    expect(out.insideReleases).toBe(insideTotal)
    expect(out.uses).toBe(insideTotal + 2 + flaggedExpected.length)

    // Every flagged use, oldest first: time, event name, key and why.
    expect(out.flagged.map((f: Record<string, unknown>) => ({ eventTime: f.eventTime, eventName: f.eventName, accessKeyId: f.accessKeyId, reason: f.reason }))).toEqual(
      flaggedExpected.map((f) => ({ eventTime: f.eventTime, eventName: f.eventName, accessKeyId: f.accessKeyId, reason: f.reason })),
    )
    flaggedExpected.forEach((f, i) => {
      const got = out.flagged[i]
      if (f.release === undefined) expect(got.why).toContain('while no release was open')
      else expect(got).toMatchObject({ releaseId: windows[f.release]!.releaseId, why: expect.stringContaining(`after release ${windows[f.release]!.releaseId} was revoked`) })
    })
    expect(out.flagged[2]).toMatchObject({ errorCode: 'AccessDenied', why: expect.stringContaining('AWS refused it: AccessDenied') })
    expect(out.flagged[3]).toMatchObject({ principal: 'root', sourceIPAddress: '203.0.113.99' })
    expect(out.releases.map((r: { uses: number; usesAfterRevoke: number }) => [r.uses, r.usesAfterRevoke])).toEqual([
      [windows[0]!.inside, 1],
      [windows[1]!.inside, 2],
      [windows[2]!.inside, 1],
    ])

    // The same result in words.
    const text = await runCli(['audit', 'reconcile', join(scratch.path, 'lookup-events.json'), '--data-dir', h.dataDir], { env })
    expect(text.code).toBe(6)
    expect(text.stdout).toContain('Key use outside releases: 1')
    expect(text.stdout).toContain(`2026-12-24T23:59:00.000Z  PutObject  ${h.released.accessKeyId}`)

    // The logbook keeps both runs, by the person who ran them.
    h.reopen()
    const logged = ofType(h.events(), 'aws.key-use-reconciled')
    expect(logged).toHaveLength(2)
    expect(logged[0]).toMatchObject({ flaggedCount: 5, uses: out.uses, sources: { records: totalRecords } })
    expect(logged[0]!.flagged.map((f) => f.eventName)).toEqual(flaggedExpected.map((f) => f.eventName))
    expect(h.book.entries().at(-1)!.actor).toBe('auditor-ann')
    expect(h.book.state().aws.lastReconciliation).toMatchObject({ flaggedCount: 1 })
    expect(h.book.verify().ok).toBe(true)
    h.book.close()

    // The next audit PDF shows the flagged uses, read back with an independent tool.
    const pdf = join(scratch.path, 'audit.pdf')
    const exported = await runCli(['audit', 'export', '--out', pdf, '--data-dir', h.dataDir], { env })
    expect(exported.code, exported.stderr).toBe(0)
    const words = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    expect(words).toContain('Key use outside releases: 5')
    expect(words).toContain('Key use outside releases: 1')
    expect(words).toMatch(/2026-02-14 03:00( UTC)?\s+GetCallerIdentity\s+AKIA/)
    expect(words).toMatch(/2026-06-20 19:05( UTC)?\s+CreateUser( \(AccessDenied\))?\s/)
    expect(words).toMatch(/2026-09-09 08:30( UTC)?\s+ConsoleLogin\s+root\s+203\.0\.113\.99/)
    expect(words).toContain('no release open')
    expect(words).toContain(`after release ${windows[1]!.releaseId}`)
  }, 240_000) // three CLI runs over a year of CloudTrail and a PDF export: slow on a busy machine

  it('a trail with uses only inside the windows: "Key use outside releases: none", exit 0, and the PDF says so', async () => {
    const dir = makeTempDir('custos-reconcile-clean-')
    try {
      const bg: Identity = { type: 'IAMUser', userName: BREAK_GLASS_USER, accessKeyId: h.released.accessKeyId }
      const inside = windows.map((w, i) => trailRecord({ time: new Date(Date.parse(w.from) + (i + 1) * 60_000), who: bg, eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com' }))
      writeTrailBucket(dir.path, inside)
      const run = await runCli(['audit', 'reconcile', dir.path, '--data-dir', h.dataDir, '--json'], { env: { CUSTOS_ACTOR: 'auditor-ann' } })
      expect(run.code, run.stderr).toBe(0)
      expect(run.json()).toMatchObject({ uses: 3, insideReleases: 3, flagged: [] })
      const pdf = join(dir.path, 'audit.pdf')
      const exported = await runCli(['audit', 'export', '--out', pdf, '--from', new Date().toISOString().slice(0, 10), '--data-dir', h.dataDir])
      expect(exported.code, exported.stderr).toBe(0)
      expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })).toContain('Key use outside releases: none')
    } finally {
      dir.cleanup()
    }
  })

  it('refuses what is not CloudTrail, naming the file, and records nothing', async () => {
    const bad = join(scratch.path, 'notes.json')
    writeFileSync(bad, JSON.stringify({ hello: 'world' }))
    const run = await runCli(['audit', 'reconcile', bad, '--data-dir', h.dataDir])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain(`${bad} is not CloudTrail`)
    const missing = await runCli(['audit', 'reconcile', join(scratch.path, 'nope.json.gz'), '--data-dir', h.dataDir])
    expect(missing.code).toBe(3)
    expect(missing.stderr).toContain('Cannot read')
    h.reopen()
    expect(ofType(h.events(), 'aws.key-use-reconciled')).toHaveLength(3)
    h.book.close()
  })
})
