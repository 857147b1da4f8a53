// The compiled `custos` starts light and keeps honest time: --help, inspect and log verify
// never load the heavy libraries (their figures are in `npm run bench`, test/bench/cli.bench.ts),
// and the shipped command ignores CUSTOS_FAKE_NOW, which only the test build honours.
import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEntry, cliEnv, runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'

const tmp = makeTempDir('custos-startup-')
afterAll(() => tmp.cleanup())
const dataDir = join(tmp.path, 'vault')
const shareDir = join(tmp.path, 'shares')
/** Libraries only some commands need: loading one for --help is what made the CLI slow. */
const HEAVY = ['pdfkit', '@aws-sdk/client-iam', 'zxing-wasm', 'node-forge', '@signpdf/signpdf', 'fontkit']
const HOOK = join(tmp.path, 'log-packages.mjs')

beforeAll(async () => {
  // Reports every module file the process resolves, on stderr, without changing what it loads.
  writeFileSync(
    HOOK,
    `import { register } from 'node:module'
register('data:text/javascript,' + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  const at = result.url.lastIndexOf('/node_modules/')
  if (result.url.startsWith('file:')) process._rawDebug('MODULE ' + (at >= 0 ? result.url.slice(at + 14) : result.url))
  return result
}\`))
`,
  )
  expect((await runCli(['init', '--data-dir', dataDir, '--name', 'Startup'])).code).toBe(0)
  const split = await runCli(['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', shareDir], {
    input: JSON.stringify({ kind: 'generic', fields: { password: 'start-up-test' } }),
  })
  expect(split.code, split.stderr).toBe(0)
})

/** The modules a run of the shipped command loads: packages as `name/file`, its own files as URLs. */
async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const run = spawnSync(process.execPath, ['--import', HOOK, await cliEntry({ shipped: true }), ...args], { env: cliEnv(), encoding: 'utf8' })
  expect(run.status, run.stderr).toBe(0)
  const loaded = run.stderr.split('\n').filter((l) => l.startsWith('MODULE ')).map((l) => l.slice('MODULE '.length))
  // The hook sees the compiled command's own chunks, so an empty list would be a broken hook.
  expect(loaded.some((m) => m.includes('/out/cli/'))).toBe(true)
  return loaded
}

function heavyIn(packages: string[]): string[] {
  return HEAVY.filter((name) => packages.some((p) => p.startsWith(`${name}/`)))
}

describe('the compiled custos command', () => {
  it('shows its help without loading pdfkit, the AWS SDK, zxing-wasm or node-forge', async () => {
    expect(heavyIn(await modulesLoadedBy(['--help']))).toEqual([])
  })

  it('inspects a share file without loading them', async () => {
    const share = join(shareDir, readdirSync(shareDir)[0]!)
    expect(heavyIn(await modulesLoadedBy(['inspect', share, '--data-dir', dataDir]))).toEqual([])
  })

  it('verifies the logbook without loading them', async () => {
    const loaded = await modulesLoadedBy(['log', 'verify', '--data-dir', dataDir])
    expect(loaded.some((p) => p.startsWith('better-sqlite3/'))).toBe(true)
    expect(heavyIn(loaded)).toEqual([])
  })

  it('records the real time even when CUSTOS_FAKE_NOW is set: only the test build has a fake clock', async () => {
    const faked = join(tmp.path, 'faked')
    const before = Date.now()
    const run = await runCli(['init', '--data-dir', faked, '--name', 'Honest clock'], { shipped: true, env: { CUSTOS_FAKE_NOW: '2001-02-03T04:05:06Z' } })
    const after = Date.now()
    expect(run.code, run.stderr).toBe(0)
    const shown = await runCli(['log', 'show', '--data-dir', faked, '--json'], { shipped: true, env: { CUSTOS_FAKE_NOW: '2001-02-03T04:05:06Z' } })
    const time = Date.parse(shown.json().entries[0].time)
    expect(time).toBeGreaterThanOrEqual(before - 1000)
    expect(time).toBeLessThanOrEqual(after + 1000)
  })

  it('is pinned to the given time in the test build, so scenario tests can walk a year', async () => {
    const pinned = join(tmp.path, 'pinned')
    expect((await runCli(['init', '--data-dir', pinned, '--name', 'Pinned clock'], { now: '2026-02-03T04:05:06Z' })).code).toBe(0)
    const shown = await runCli(['log', 'show', '--data-dir', pinned, '--json'])
    expect(shown.json().entries[0].time).toBe('2026-02-03T04:05:06.000Z')
  })
})
