// `custos aws ...` as a person runs it: the credential on stdin only (or a release grant piped in),
// ambient AWS settings ignored, offline commands and recorded evidence, and a rotation through the
// issuance ceremony killed between create and issuance and between deactivating and deleting.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replacementOf, revokeProgress } from '../../shared/aws-events'
import { serializeBundle } from '../../shared/bundle'
import { startIssuance } from '../../main/core/ceremonies/issuance'
import { requestRelease } from '../../main/core/ceremonies/release'
import { releaseRequest } from '../helpers/release-request'
import { cliEntry, cliEnv, runCli } from '../helpers/run-cli'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeTempDir } from '../helpers/temp-dir'
import { BREAK_GLASS_USER, CUSTODIANS, METHOD_ID, makeHarness, ofType, type Harness } from './aws-harness'

let h: Harness
let scratch: ReturnType<typeof makeTempDir>
beforeEach(async () => {
  h = await makeHarness()
  h.book.close()
  scratch = makeTempDir('custos-aws-cli-')
})
afterEach(async () => {
  h.reopen()
  await h.close()
  scratch.cleanup()
})

// The actor is named as for every command (CUSTOS_ACTOR, else the OS user), no longer from $USER.
const quietEnv = { CUSTOS_ACTOR: 'bob' }
const withBook = <T>(body: () => T): T => {
  h.reopen()
  try {
    return body()
  } finally {
    h.book.close()
  }
}

describe('custos aws (CLI)', () => {
  it('stays offline without --connect and prints the exact AWS CLI commands, then records the evidence typed in', async () => {
    const k = h.released.accessKeyId
    const run = await runCli(['aws', 'revoke', '--data-dir', h.dataDir, '--user', BREAK_GLASS_USER, '--key-id', k])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`aws iam update-access-key --user-name ${BREAK_GLASS_USER} --access-key-id ${k} --status Inactive`)
    expect(run.stdout).toContain(`aws iam delete-access-key --user-name ${BREAK_GLASS_USER} --access-key-id ${k}`)
    expect(run.stdout).toContain('custos aws record deactivate')
    expect(h.server.requests).toHaveLength(0)

    const rec = await runCli(
      ['aws', 'record', 'deactivate', '--data-dir', h.dataDir, '--user', BREAK_GLASS_USER, '--key-id', k, '--reason', 'revoke',
        '--request-id', 'a1b2c3d4-0000-4000-8000-000000000001', '--performed-at', '2026-03-01T04:20:00Z', '--json'],
      { env: quietEnv },
    )
    expect(rec.code, rec.stderr).toBe(0)
    withBook(() => {
      expect(revokeProgress(h.book.state().aws, k)).toBe('deactivated')
      expect(ofType(h.events(), 'aws.evidence-recorded')[0]).toMatchObject({ step: 'deactivate', requestId: 'a1b2c3d4-0000-4000-8000-000000000001', performedAt: '2026-03-01T04:20:00.000Z' })
      expect(h.book.entries().at(-1)!.actor).toBe('bob')
    })
  })

  it('uses only the credential on stdin: AWS_* variables, ~/.aws files and a configured endpoint are ignored', async () => {
    const decoyHits: string[] = []
    const decoy = http.createServer((req, res) => {
      decoyHits.push(req.url ?? '')
      res.end()
    })
    await new Promise<void>((r) => decoy.listen(0, '127.0.0.1', () => r()))
    const decoyUrl = `http://127.0.0.1:${(decoy.address() as AddressInfo).port}`
    const home = join(scratch.path, 'home')
    mkdirSync(join(home, '.aws'), { recursive: true })
    const op = h.operator
    writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = ${op.accessKeyId}\naws_secret_access_key = ${op.secretAccessKey}\n`)
    writeFileSync(join(home, '.aws', 'config'), `[default]\nregion = eu-west-1\nendpoint_url = ${decoyUrl}\n[profile other]\nregion = eu-west-1\n`)
    try {
      const run = await runCli(['aws', 'status', '--connect', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir, '--json'], {
        input: serializeBundle(h.releasedBundle),
        env: {
          ...quietEnv,
          HOME: home,
          AWS_ACCESS_KEY_ID: op.accessKeyId,
          AWS_SECRET_ACCESS_KEY: op.secretAccessKey,
          AWS_PROFILE: 'other',
          AWS_REGION: 'eu-west-1',
          AWS_DEFAULT_REGION: 'eu-west-1',
          AWS_ENDPOINT_URL: decoyUrl,
          AWS_ENDPOINT_URL_IAM: decoyUrl,
          AWS_USE_FIPS_ENDPOINT: 'true',
          AWS_MAX_ATTEMPTS: '9',
        },
      })
      expect(run.code, run.stdout + run.stderr).toBe(0)
      expect(run.json().check.keys[0].accessKeyId).toBe(h.released.accessKeyId)
    } finally {
      decoy.close()
    }
    expect(decoyHits).toEqual([])
    expect(h.server.requests.length).toBeGreaterThan(0)
    for (const r of h.server.requests) expect(r).toMatchObject({ accessKeyId: h.released.accessKeyId, region: 'us-east-1', service: 'iam', outcome: 'ok' })
    expect(h.operator.lastUsed).toBeUndefined()
  })

  it('refuses to start without a credential on stdin, and never takes one from argv', async () => {
    const run = await runCli(['aws', 'status', '--connect', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir], { env: quietEnv })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('No credential was given')
    const argv = await runCli(['aws', 'status', '--connect', '--secret-access-key', 'x', '--data-dir', h.dataDir], { env: quietEnv })
    expect(argv.code).toBe(2)
    expect(h.server.requests).toHaveLength(0)
  })

  it('killed between create and issuance: the rerun deletes the unrecoverable key and issues a fresh one as a pending set', async () => {
    const pdf = join(scratch.path, 'new-set.pdf')
    const args = [...rotateArgs(), '--method', METHOD_ID, '--pdf', pdf, '--json']
    const killed = await runUntilKilled(args, serializeBundle(h.releasedBundle), 'GetUser')
    expect(killed.signal).toBe('SIGKILL')
    const lost = withBook(() => ofType(h.events(), 'aws.key-created')[0]!.accessKeyId)
    expect(existsSync(pdf)).toBe(false)

    const resumed = await runCli(args, { input: serializeBundle(h.releasedBundle), env: quietEnv })
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    const { result, sheets } = resumed.json()
    expect(result).toMatchObject({ complete: false, waitingFor: 'ceremony', oldKeyStatus: 'active', done: ['orphan-deleted', 'created', 'verified', 'issued'] })
    expect(result.newKeyId).not.toBe(lost)
    expect(sheets.map((s: { custodianId: string }) => s.custodianId)).toEqual(CUSTODIANS)
    expect(pdfPages(pdf)).toBe(6) // 3 sheets, each a face and its custody record (issue 18)
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => [k.accessKeyId, k.status])).toEqual([[h.released.accessKeyId, 'Active'], [result.newKeyId, 'Active']])
    withBook(() => {
      expect(h.book.state().custody[result.setId]).toMatchObject({ status: 'pending', methodId: METHOD_ID })
      expect(ofType(h.events(), 'set.issued').at(-1)).toMatchObject({ setId: result.setId, awsAccessKeyId: result.newKeyId })
    })
  })

  it('keeps the old key until the new set is active; killed between deactivating and deleting it, the rerun finishes', async () => {
    const pdf = join(scratch.path, 'new-set.pdf')
    const first = await runCli([...rotateArgs(), '--method', METHOD_ID, '--pdf', pdf], { input: serializeBundle(h.releasedBundle), env: quietEnv })
    expect(first.code, first.stdout + first.stderr).toBe(0)
    const { setId, newKeyId } = withBook(() => {
      const replacement = replacementOf(h.book.state().aws, h.released.accessKeyId)!
      return { setId: replacement.issuedSetId!, newKeyId: replacement.accessKeyId }
    })
    expect(first.stdout).toContain(`The old key ${h.released.accessKeyId} stays active until set ${setId} is active`)
    expect(first.stdout).toContain(`custos ceremony verify --set ${setId}`)

    // Before the ceremony is finished the rotation refuses, and nothing reaches AWS.
    const requests = h.server.requests.length
    const early = await runCli([...rotateArgs(), '--method', METHOD_ID, '--pdf', pdf], { input: serializeBundle(h.releasedBundle), env: quietEnv })
    expect(early.code).toBe(7)
    expect(early.stderr).toContain(`Finish the ceremony of set ${setId}`)
    expect(h.server.requests.length).toBe(requests)

    // The ceremony, as a person runs it: scan the printed pages back, hand over, activate.
    const pages = renderPdfPages(pdf, scratch.path, 'scan')
    const verify = await runCli(['ceremony', 'verify', '--data-dir', h.dataDir, '--set', setId, ...pages], { env: quietEnv })
    expect(verify.code, verify.stdout + verify.stderr).toBe(0)
    for (const [i, custodian] of CUSTODIANS.entries()) {
      const handover = await runCli(
        ['ceremony', 'handover', '--data-dir', h.dataDir, '--set', setId, '--sheet', `${i + 1}.1`, '--custodian', custodian, '--bag', `TE-${i + 1}`],
        { env: quietEnv },
      )
      expect(handover.code, handover.stderr).toBe(0)
    }
    const activate = await runCli(['ceremony', 'activate', '--data-dir', h.dataDir, '--set', setId], { env: quietEnv })
    expect(activate.code, activate.stderr).toBe(0)

    // Retire the old key with the operator's own credential; killed when the delete goes out.
    const retire = [...rotateArgs(), '--user', BREAK_GLASS_USER, '--key-id', h.released.accessKeyId, '--json']
    const killed = await runUntilKilled(retire, serializeBundle(h.operatorBundle), 'DeleteAccessKey')
    expect(killed.signal).toBe('SIGKILL')
    withBook(() => {
      expect(revokeProgress(h.book.state().aws, h.released.accessKeyId)).toBe('deactivated')
      expect(h.book.state().aws.connected).toBe(true) // the 'off' never made it: the log shows the process died connected
      expect(h.book.verify().ok).toBe(true)
    })
    const resumed = await runCli(retire, { input: serializeBundle(h.operatorBundle), env: quietEnv })
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    expect(resumed.json().result).toMatchObject({ complete: true, newKeyId, setId, done: ['old-deleted'] })
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId)).toEqual([newKeyId])
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey')).toHaveLength(1)

    // AWS refuses the old key from now on.
    const status = await runCli(['aws', 'status', '--connect', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir], {
      input: serializeBundle(h.releasedBundle),
      env: quietEnv,
    })
    expect(status.code).toBe(7)
    expect(status.stderr).toContain('AWS')
  }, 240_000) // eight CLI runs and a PDF scan-back: slow on a busy machine, never a timed assertion

  it('rotate refuses without --method and --pdf before anything reaches AWS', async () => {
    const run = await runCli(rotateArgs(), { input: serializeBundle(h.releasedBundle), env: quietEnv })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--method ID')
    expect(h.server.requests).toHaveLength(0)
  })

  it('takes the credential from a release grant piped in (custos release grant --json), acting on the released key', async () => {
    const releaseId = withBook(() => {
      const ctx = h.ceremony()
      const issued = startIssuance(ctx, { methodId: METHOD_ID, bundle: h.releasedBundle })
      h.finishCeremony({ issued, pdf: Buffer.alloc(0), copies: 1 })
      issued.sheets.slice(0, 2).forEach((s) => writeFileSync(join(scratch.path, `${s.custodianId}.txt`), s.payload + '\n'))
      return requestRelease(ctx, releaseRequest({ methodId: METHOD_ID, useCase: 'SSO outage', incidentTicket: 'INC-7' })).releaseId
    })
    const grant = await runCli(
      ['release', 'grant', '--data-dir', h.dataDir, '--release', releaseId, '--present', `alice=${join(scratch.path, 'alice.txt')}`,
        '--present', `bob=${join(scratch.path, 'bob.txt')}`, '--json', '--to-pipe'],
      { env: quietEnv },
    )
    expect(grant.code, grant.stdout + grant.stderr).toBe(0)
    const status = await runCli(['aws', 'status', '--connect', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir, '--json'], {
      input: grant.stdout,
      env: quietEnv,
    })
    expect(status.code, status.stdout + status.stderr).toBe(0)
    expect(status.json().check.target.accessKeyId).toBe(h.released.accessKeyId)
    expect(h.server.requests.every((r) => r.accessKeyId === h.released.accessKeyId)).toBe(true)
  })

  it('records an offline create by issuing the pasted key through the ceremony, sheets first', async () => {
    const made = h.server.addKey(BREAK_GLASS_USER)
    const pasted = JSON.stringify({ AccessKey: { UserName: BREAK_GLASS_USER, AccessKeyId: made.accessKeyId, Status: 'Active', SecretAccessKey: made.secretAccessKey, CreateDate: '2026-03-01T04:30:00Z' } })
    const pdf = join(scratch.path, 'offline.pdf')
    const base = ['aws', 'record', 'create', '--data-dir', h.dataDir, '--user', BREAK_GLASS_USER, '--replaces', h.released.accessKeyId, '--account-id', h.server.accountId]
    const missing = await runCli(base, { input: pasted, env: quietEnv })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--method ID')
    const run = await runCli([...base, '--method', METHOD_ID, '--pdf', pdf, '--json'], { input: pasted, env: quietEnv })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(pdfPages(pdf)).toBe(6) // 3 sheets, each a face and its custody record (issue 18)
    withBook(() => {
      const entries = h.book.entries()
      const last = entries.slice(-3).map((e) => e.event.type)
      expect(last).toEqual(['aws.evidence-recorded', 'set.issued', 'sheets.assigned'])
      expect(h.book.state().aws.keys[made.accessKeyId]).toMatchObject({ replaces: h.released.accessKeyId, issuedSetId: run.json().setId })
      expect(h.book.state().custody[run.json().setId]).toMatchObject({ status: 'pending' })
    })
    h.book.close()
    expect(h.logBytes().toString('latin1')).not.toContain(made.secretAccessKey)
  })
})

function rotateArgs(): string[] {
  return ['aws', 'rotate', '--connect', '--yes', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir]
}

function pdfPages(pdf: string): number {
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })
  return Number(/^Pages:\s+(\d+)/m.exec(info)![1])
}

/** Runs the CLI and SIGKILLs it the moment the fake IAM endpoint receives `action` (which is then dropped). */
async function runUntilKilled(args: string[], input: string, action: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const entry = await cliEntry()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { env: cliEnv({ env: quietEnv }), stdio: ['pipe', 'pipe', 'pipe'] })
    h.server.beforeAction = (a) => {
      if (a !== action) return
      child.kill('SIGKILL')
      h.server.beforeAction = undefined
      return 'drop'
    }
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal }))
    child.stdin.end(input)
  })
}
