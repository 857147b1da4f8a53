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
/** Both sides of every sheet, as a duplex scanner gives them: face, custody record, face, ... */
let bothSides: string[]
let splitStderr: string
let payloads: string[]

beforeAll(async () => {
  expect((await runCli(['init', '--data-dir', dataDir, '--name', 'Payments prod'], { now })).code).toBe(0)
  const split = await runCli(
    ['split', '--data-dir', dataDir, '--threshold', '2', '--shares', '3', '--out', join(tmp.path, 'out'), '--pdf', join(tmp.path, 'sheets.pdf'), '--contact', 'Duty manager, +1 555 0100', '--json'],
    { now, input: JSON.stringify(BUNDLE) },
  )
  expect(split.code, split.stderr).toBe(0)
  setId = split.json().setId
  // Three sheets, six pages: each sheet's custody record is printed on its back.
  expect(split.json().sheets).toEqual({ file: join(tmp.path, 'sheets.pdf'), pages: 6 })
  splitStderr = split.stderr
  pages = pdftoppm(join(tmp.path, 'sheets.pdf'), join(tmp.path, 'page'))
  bothSides = pdftoppm(join(tmp.path, 'sheets.pdf'), join(tmp.path, 'both'), 150, 'all')
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

  it('split --pdf warns that the sheets PDF left on disk is the whole credential', () => {
    expect(splitStderr).toContain(`WARNING: ${join(tmp.path, 'sheets.pdf')} holds every share of set`)
    expect(splitStderr).toContain('anyone with this file holds the credential')
    expect(splitStderr).toContain('then delete the file')
  })

  it('sheets verify sets aside the custody records of a double-sided scan, naming each', async () => {
    expect(bothSides).toHaveLength(6)
    const run = await runCli(['sheets', 'verify', '--data-dir', dataDir, '--set', setId, ...bothSides], { now })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/every sheet checks out/)
    for (const [i, back] of [bothSides[1]!, bothSides[3]!, bothSides[5]!].entries()) {
      expect(run.stderr).toContain(`note: ${back} is the custody record (back page) of share ${i + 1} copy 1 of set`)
    }
    expect(run.stdout).not.toContain('FAILED')
  })

  it('sheets verify given only backs asks for the fronts', async () => {
    const run = await runCli(['sheets', 'verify', '--data-dir', dataDir, '--set', setId, bothSides[1]!, bothSides[3]!], { now })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Every image given is the custody record on the back of a sheet .* Give scans or photos of the fronts/)
  })

  it('combine --check from both sides of two sheets sets the backs aside and recombines', async () => {
    const run = await runCli(['combine', '--check', '--data-dir', dataDir, ...bothSides.slice(0, 4), '--json'], { now })
    expect(run.code, run.stderr).toBe(0)
    expect(run.json().recombines).toBe(true)
    expect(run.stderr).toMatch(/custody record \(back page\) of share 2 copy 1/)
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
