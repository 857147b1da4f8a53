// A whole year of one vault, driven through the real CLI program (main(), in this process:
// the same commands as the compiled `custos`, without a process start per step) against a
// real data directory:
// issuance, drills, an incident release, revoke and rotate deadlines going overdue,
// re-issue, destruction of the old sheets, the review, and a clean slate at the end.
// The logbook verifies after every step, and the secret is found nowhere on disk.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openLogbook } from '../../main/core/logbook'
import { openVault } from '../../main/core/vault/vault-store'
import { scanForCanary } from '../helpers/canary'
import { custosInProcess, type InProcessRun } from '../cli/in-process-cli'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeTempDir } from '../helpers/temp-dir'

const tmp = makeTempDir('custos-year-')
afterAll(() => tmp.cleanup())
const dataDir = join(tmp.path, 'vault')
const started = Date.now() - 1000
const canary = `CANARYyear${Math.random().toString(36).slice(2, 12)}`
const custodians = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy']
let now = '2026-01-05T09:00:00Z'
let logSize = 0

async function custos(args: string[], input?: string): Promise<InProcessRun> {
  return custosInProcess([...args, '--data-dir', dataDir], { input, now, env: { CUSTOS_ACTOR: 'scenario' } })
}
async function ok(args: string[], input?: string): Promise<InProcessRun> {
  const run = await custos(args, input)
  expect(run.code, `custos ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0)
  expectLogVerifies()
  return run
}
function expectLogVerifies(): void {
  const vault = openVault(dataDir)
  const log = openLogbook(dataDir, vault.key, { readOnly: true })
  try {
    const report = log.verify([], { signatures: 'all' })
    expect(report.ok, JSON.stringify(report.problem)).toBe(true)
    expect(report.size).toBeGreaterThanOrEqual(logSize)
    logSize = report.size
  } finally {
    log.close()
  }
}
async function obligations(): Promise<{ kind: string; status: string }[]> {
  return (await ok(['obligations', '--json'])).json().obligations
}
const bundleJson = (secret: string, keyId: string) =>
  JSON.stringify({ kind: 'aws-access-key', accessKeyId: keyId, secretAccessKey: secret, accountId: '123456789012', userName: 'breakglass' })
const secret1 = (canary + 'A'.repeat(40)).slice(0, 40)
const secret2 = ('B' + canary + 'B'.repeat(40)).slice(0, 40)

/** Issues a set through the whole ceremony and returns its id and the page image of each sheet. */
async function issueSet(label: string, bundle: string): Promise<{ setId: string; pages: Map<string, string> }> {
  const pdf = join(tmp.path, `${label}.pdf`)
  const issued = (await ok(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', pdf, '--json'], bundle)).json()
  const images = renderPdfPages(pdf, tmp.path, label)
  expect(images).toHaveLength(10)
  const pages = new Map<string, string>()
  issued.sheets.forEach((s: { index: number; copy: number; custodianId: string }, i: number) => {
    pages.set(s.custodianId, images[i]!)
  })
  for (const s of issued.sheets) {
    await ok(['ceremony', 'handover', '--set', issued.setId, '--sheet', `${s.index}.${s.copy}`, '--custodian', s.custodianId, '--bag', `TE-${label}-${s.index}${s.copy}`])
  }
  await ok(['ceremony', 'verify', '--set', issued.setId, ...images])
  await ok(['ceremony', 'activate', '--set', issued.setId])
  return { setId: issued.setId, pages }
}

describe('a year with one break-glass method', () => {
  it('runs from an empty vault to a clean slate, with every obligation met in turn', { timeout: 400_000 }, async () => {
    await custosInProcess(['init', '--data-dir', dataDir, '--name', 'Payments production'], { now })
    expectLogVerifies()
    await ok([
      'method', 'add', '--id', 'aws-prod', '--name', 'AWS production break-glass key', '--scope', 'AWS 123456789012 production',
      '--owner-team', 'Cloud platform', '--use-case', 'Restore access after an SSO outage', '--use-case', 'Repair IAM after a lockout',
      '--access', 'AdministratorAccess on the production account', '--threshold', '3', '--shares', '5', '--copies', '2',
    ])
    for (const id of custodians) {
      await ok(['custodian', 'add', '--id', id, '--name', id[0]!.toUpperCase() + id.slice(1), '--contact', `+41 44 000 00 ${custodians.indexOf(id)}`, '--team', 'Operations'])
    }
    const first = await issueSet('set1', bundleJson(secret1, 'AKIAIOSFODNN7EXAMPLE'))
    expect(await obligations()).toEqual([])

    // Quarter 1: a drill and a roster review, with nothing else due.
    now = '2026-03-20T14:00:00Z'
    const drill = await ok(['drill', 'run', '--method', 'aws-prod', '--present', `alice=${first.pages.get('alice')}`, '--present', `bob=${first.pages.get('bob')}`, '--present', `carol=${first.pages.get('carol')}`])
    expect(drill.stdout).toMatch(/PASSED/)
    expect(drill.stdout + drill.stderr).not.toContain(secret1)
    await ok(['custodian', 'review', '--reviewer', 'Security office'])
    expect(await obligations()).toEqual([])

    // The incident: a complete request, a quorum, the credential to the operator only.
    now = '2026-04-02T03:10:00Z'
    const request = (await ok([
      'release', 'request', '--method', 'aws-prod', '--ticket', 'INC-4711', '--justification', 'SSO provider down, payments failing',
      '--risk', 'Card payments halted in EU', '--why-not-normal', 'All human access goes through the failed SSO',
      '--requester-name', 'Ann Ops', '--requester-team', 'SRE', '--requester-area', 'Payments', '--owner-team', 'Cloud platform',
      '--owner-contacts', 'cloud-oncall@example.com', '--use-case', 'Restore access after an SSO outage', '--operator', 'Olivia Operator', '--json',
    ])).json()
    const grant = await ok([
      'release', 'grant', '--release', request.releaseId, '--to-pipe', '--json',
      '--present', `dave=${first.pages.get('dave')}`, '--present', `erin=${first.pages.get('erin')}`, '--present', `frank=${first.pages.get('frank')}`,
    ])
    expect(JSON.stringify(grant.json().bundle)).toBe(bundleJson(secret1, 'AKIAIOSFODNN7EXAMPLE'))
    expect(grant.json().revokeBy).toBe('2026-04-02T04:10:00.000Z')

    now = '2026-04-02T03:40:00Z'
    expect((await obligations()).map((o) => `${o.kind}:${o.status}`)).toEqual(['revoke:due', 'rotate-reissue:due', 'review:due'])
    now = '2026-04-02T05:00:00Z'
    expect((await obligations()).map((o) => `${o.kind}:${o.status}`)).toEqual(['revoke:overdue', 'rotate-reissue:due', 'review:due'])
    await ok(['release', 'revoked', '--release', request.releaseId, '--evidence', 'UpdateAccessKey Inactive, request id 1f2e-77, by Olivia'])
    now = '2026-04-03T06:00:00Z'
    expect((await obligations()).map((o) => `${o.kind}:${o.status}`)).toEqual(['rotate-reissue:overdue', 'review:due'])

    // Rotate and re-issue: the new set retires the old one, whose sheets must be destroyed.
    await ok(['release', 'rotated', '--release', request.releaseId, '--evidence', 'New key AKIAI44QH8DHBEXAMPLE created, old key deleted'])
    const second = await issueSet('set2', bundleJson(secret2, 'AKIAI44QH8DHBEXAMPLE'))
    expect((await obligations()).map((o) => o.kind)).toEqual(['review', 'destroy-retired-sheets'])
    const retired = await custos(['drill', 'run', '--method', 'aws-prod', '--present', `alice=${first.pages.get('alice')}`, '--present', `bob=${second.pages.get('bob')}`, '--present', `carol=${second.pages.get('carol')}`])
    expect(retired.code).toBe(4)
    expect(retired.stdout).toMatch(new RegExp(`belongs to set ${first.setId}, which was retired on 2026-04-03; use a sheet from set ${second.setId}`))
    for (let index = 1; index <= 5; index++) {
      for (let copy = 1; copy <= 2; copy++) {
        await ok(['custody', 'destroyed', '--set', first.setId, '--sheet', `${index}.${copy}`, '--witness', 'Security office'])
      }
    }
    await ok([
      'review', '--release', request.releaseId, '--reviewer', 'Head of SRE', '--justified', 'yes', '--alternatives-considered', 'yes',
      '--revoked-rotated', 'yes', '--all-logged', 'yes', '--went-well', 'Quorum in 25 minutes', '--to-improve', 'Custodian phone list was stale',
      '--action-item', 'Quarterly contact check',
    ])
    expect(await obligations()).toEqual([])

    // The rest of the year: drills and roster reviews as they fall due.
    for (const [when, presenters] of [
      ['2026-06-25T10:00:00Z', ['grace', 'heidi', 'ivan']],
      ['2026-09-15T10:00:00Z', ['judy', 'alice', 'bob']],
      ['2026-12-10T10:00:00Z', ['carol', 'dave', 'erin']],
    ] as const) {
      now = when
      const due = (await obligations()).map((o) => o.kind)
      expect(due).toEqual(expect.arrayContaining(['drill', 'roster-review']))
      const presented = presenters.flatMap((p) => ['--present', `${p}=${second.pages.get(p)}`])
      expect((await ok(['drill', 'run', '--method', 'aws-prod', ...presented])).stdout).toMatch(/PASSED/)
      await ok(['custodian', 'review', '--reviewer', 'Security office'])
      expect(await obligations()).toEqual([])
    }

    const runbook = join(tmp.path, 'runbook.pdf')
    await ok(['runbook', '--out', runbook])
    expect(await obligations()).toEqual([])
    // Share files and sheet images were written on purpose (printing); the plaintext never was.
    expect(scanForCanary(canary, [dataDir, tmp.path], started)).toEqual([])
  })
})
