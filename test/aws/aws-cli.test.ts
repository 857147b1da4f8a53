// `custos aws ...` as a person runs it: the credential on stdin only, ambient AWS settings
// ignored, offline commands and recorded evidence, and a process killed mid-rotation then resumed.
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replacementOf, revokeProgress } from '../../shared/aws-events'
import { serializeBundle } from '../../shared/bundle'
import { CUSTOS_BIN, runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'
import { BREAK_GLASS_USER, makeHarness, ofType, type Harness } from './aws-harness'

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

const quietEnv = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', USER: 'bob' }
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

  it('killed after the new set is issued and before the old key is retired: a rerun with the new key finishes', async () => {
    const out = join(scratch.path, 'new-set')
    const base = ['aws', 'rotate', '--connect', '--yes', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir]
    const killed = await runUntilKilled([...base, '--out', out, '--threshold', '2', '--shares', '3'], serializeBundle(h.releasedBundle), 'UpdateAccessKey')
    expect(killed.signal).toBe('SIGKILL')
    expect(h.server.keysOf(BREAK_GLASS_USER)).toHaveLength(2)
    const newKeyId = withBook(() => {
      const state = h.book.state().aws
      const replacement = replacementOf(state, h.released.accessKeyId)!
      expect(replacement.issuedSetId).toBeDefined()
      expect(state.connected).toBe(true) // the 'off' never made it: the log shows the process died connected
      expect(h.book.verify().ok).toBe(true)
      return replacement.accessKeyId
    })

    // The custodians recombine the new set; its bundle signs the rest of the rotation.
    const files = readdirSync(out).map((f) => join(out, f)).slice(0, 2)
    const combined = await runCli(['combine', '--data-dir', h.dataDir, ...files], { env: quietEnv })
    expect(combined.code, combined.stderr).toBe(0)
    const resumed = await runCli([...base, '--json'], {
      input: combined.stdout,
      env: quietEnv,
    })
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    expect(resumed.json().result).toMatchObject({ complete: true, newKeyId, done: ['old-deactivated', 'old-deleted'] })
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId)).toEqual([newKeyId])
    expect(h.server.requests.filter((r) => r.action === 'CreateAccessKey')).toHaveLength(1)
  })

  it('killed between create and issuance: the rerun deletes the unrecoverable key and creates a fresh one', async () => {
    const out = join(scratch.path, 'new-set')
    const args = ['aws', 'rotate', '--connect', '--yes', '--endpoint', h.server.endpoint, '--data-dir', h.dataDir, '--out', out, '--threshold', '2', '--shares', '3', '--json']
    await runUntilKilled(args, serializeBundle(h.releasedBundle), 'GetUser')
    const lost = withBook(() => ofType(h.events(), 'aws.key-created')[0]!.accessKeyId)
    expect(readdirSync(out)).toEqual([])
    const resumed = await runCli(args, { input: serializeBundle(h.releasedBundle), env: quietEnv })
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0)
    const result = resumed.json().result
    expect(result.done).toEqual(['orphan-deleted', 'created', 'verified', 'issued', 'old-deactivated', 'old-deleted'])
    expect(result.newKeyId).not.toBe(lost)
    expect(h.server.keysOf(BREAK_GLASS_USER).map((k) => k.accessKeyId)).toEqual([result.newKeyId])
    expect(readdirSync(out)).toHaveLength(3)
  })
})

/** Runs the CLI and SIGKILLs it the moment the fake IAM endpoint receives `action` (which is then dropped). */
function runUntilKilled(args: string[], input: string, action: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CUSTOS_BIN, ...args], { env: { ...process.env, ...quietEnv, CUSTOS_DATA_DIR: '' }, stdio: ['pipe', 'pipe', 'pipe'] })
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
