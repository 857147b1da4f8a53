// The plaintext secret never reaches the disk: split a canary bundle and check that the shares
// recombine through the real CLI, then look for the canary in the data dir, the share files
// and the temp dir. (In a vault, combine never prints the credential: that is a logged release.)
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { canaryForms, scanForCanary } from '../helpers/canary'
import { runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'

const tmp = makeTempDir('custos-canary-')
afterAll(() => tmp.cleanup())

describe('canary secret', () => {
  it('is found nowhere on disk after init, split and combine', async () => {
    const started = Date.now() - 1000
    const canary = `CANARY-${Math.random().toString(36).slice(2)}-must-never-touch-disk`
    const vault = join(tmp.path, 'vault')
    const out = join(tmp.path, 'shares')
    expect((await runCli(['init', '--data-dir', vault, '--name', 'Canary'])).code).toBe(0)
    const split = await runCli(['split', '--data-dir', vault, '--threshold', '2', '--shares', '3', '--out', out, '--json'], {
      input: JSON.stringify({ kind: 'generic', fields: { secret: canary } }),
    })
    expect(split.code).toBe(0)
    const files: string[] = split.json().files
    const combine = await runCli(['combine', '--check', '--data-dir', vault, files[0]!, files[2]!])
    expect(combine.code, combine.stderr).toBe(0)
    expect(combine.stdout).toMatch(/recombines/)
    const refused = await runCli(['combine', '--data-dir', vault, files[0]!, files[2]!])
    expect(refused.code).toBe(7)
    // Opened in memory to check, never shown: not on the terminal, not on disk.
    expect(split.stdout + split.stderr + combine.stdout + combine.stderr + refused.stdout + refused.stderr).not.toContain(canary)
    expect(scanForCanary(canary, [tmp.path, vault, out], started)).toEqual([])
  })

  it('the scanner itself finds a canary in each form it looks for', async () => {
    const { writeFileSync } = await import('node:fs')
    const canary = 'CANARY-self-test-value-1234'
    canaryForms(canary).forEach(({ form }, i) => {
      const bytes = canaryForms(canary)[i]!.bytes
      writeFileSync(join(tmp.path, `planted-${form}.bin`), Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')]))
    })
    writeFileSync(join(tmp.path, 'planted-b64-in-json.json'), JSON.stringify({ v: Buffer.from(`{"secret":"${canary}"}`).toString('base64') }))
    const hits = scanForCanary(canary, [tmp.path])
    for (const { form } of canaryForms(canary)) expect(hits.map((h) => h.form)).toContain(form)
    expect(hits.some((h) => h.file.endsWith('planted-b64-in-json.json'))).toBe(true)
  })
})
