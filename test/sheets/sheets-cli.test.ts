// The sheet commands as a person runs them: split --pdf, combine from photos and typed
// groups, and `custos sheets verify` with its report and exit codes.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatTypedLines } from '../../shared/typed-groups'
import { runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'
import { BUNDLE, pdftoppm } from './sheet-fixture'

const tmp = makeTempDir('custos-sheets-cli-')
/** The test build's pinned clock (run-cli.ts): the sheets carry this date. */
const now = '2026-03-14T09:00:00Z'
const dataDir = join(tmp.path, 'vault')
let setId: string
let pages: string[]
let payloads: string[]

beforeAll(async () => {
  expect((await runCli(['init', '--data-dir', dataDir, '--name', 'Payments prod'], { now })).code).toBe(0)
  const split = await runCli(
    ['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', join(tmp.path, 'out'), '--pdf', join(tmp.path, 'sheets.pdf'), '--contact', 'Duty manager, +1 555 0100', '--json'],
    { now, input: JSON.stringify(BUNDLE) },
  )
  expect(split.code, split.stderr).toBe(0)
  setId = split.json().setId
  expect(split.json().sheets).toEqual({ file: join(tmp.path, 'sheets.pdf'), pages: 3 })
  pages = pdftoppm(join(tmp.path, 'sheets.pdf'), join(tmp.path, 'page'))
  payloads = readdirSync(join(tmp.path, 'out'))
    .sort()
    .map((f) => readFileSync(join(tmp.path, 'out', f), 'utf8').trim())
})
afterAll(() => tmp.cleanup())

describe('custos sheet commands', () => {
  it('split --pdf refuses an existing PDF before writing any share', async () => {
    const existing = join(tmp.path, 'exists.pdf')
    writeFileSync(existing, 'x')
    const run = await runCli(
      ['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', join(tmp.path, 'out2'), '--pdf', existing],
      { now, input: JSON.stringify(BUNDLE) },
    )
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/exists.pdf already exists/)
    expect(existsSync(join(tmp.path, 'out2')) ? readdirSync(join(tmp.path, 'out2')) : []).toEqual([])
  })

  it('combine --check accepts sheet photos next to share files', async () => {
    const shareFile = join(tmp.path, 'out', readdirSync(join(tmp.path, 'out')).sort()[2]!)
    const run = await runCli(['combine', '--check', '--data-dir', dataDir, pages[0]!, shareFile, '--json'], { now })
    expect(run.code, run.stderr).toBe(0)
    expect(run.json().recombines).toBe(true)
    expect(run.stdout).not.toContain('AKIAIOSFODNN7EXAMPLE')
    expect(run.json().used.map((u: { index: number }) => u.index)).toEqual([1, 3])
  })

  it('combine --check --typed reads typed groups from stdin and recombines them with a photo', async () => {
    const typed = formatTypedLines(payloads[1]!).join('\n') + '\n'
    const run = await runCli(['combine', '--check', '--data-dir', dataDir, '--typed', pages[2]!], { now, input: typed })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/recombines from share (2, share 3|3, share 2)\./)
    expect(run.stdout).not.toContain('AKIAIOSFODNN7EXAMPLE')
  })

  it('combine --typed names the group with a typo', async () => {
    const lines = formatTypedLines(payloads[1]!)
    lines[0] = lines[0]!.replace(/^(\d+\s+)(\S)/, (_, n: string, c: string) => n + (c === 'Q' ? 'R' : 'Q'))
    const run = await runCli(['combine', '--check', '--data-dir', dataDir, '--typed', pages[2]!], { now, input: lines.join('\n') })
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/Typed share 1: Group 1 \(line 1, group 1\)/)
  })

  it('sheets verify reports every sheet and exits 0 when all is well', async () => {
    const run = await runCli(['sheets', 'verify', '--data-dir', dataDir, '--set', setId, ...pages], { now })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/every sheet checks out/)
    expect(run.stdout).toMatch(/Recombines: yes/)
    expect(run.stdout).not.toContain('AKIAIOSFODNN7EXAMPLE')
  })

  it('sheets verify --json exits 6 and lists problems when a sheet is missing', async () => {
    const run = await runCli(['sheets', 'verify', '--data-dir', dataDir, '--set', setId, pages[0]!, pages[1]!, '--json'], { now })
    expect(run.code).toBe(6)
    const { report } = run.json()
    expect(report.ok).toBe(false)
    expect(report.missingIndexes).toEqual([3])
    expect(JSON.stringify(report)).not.toContain(BUNDLE.kind === 'aws-access-key' ? BUNDLE.secretAccessKey : '?')
  })
})
