// More than 200 malformed option values and inputs across the commands: each is refused with
// exit 2 (usage) or 3 (invalid input) and exactly one line on stderr, never a stack trace and
// never exit 1. Run in process through main(); a sample also through the real compiled command.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'
import { custosInProcess } from './in-process-cli'

const tmp = makeTempDir('custos-malformed-')
afterAll(() => tmp.cleanup())
const dataDir = join(tmp.path, 'vault')
const now = '2026-02-02T09:00:00Z'
const BUNDLE = JSON.stringify({ kind: 'generic', fields: { password: 'correct horse battery staple' } })
let setId = ''
let shareFile = ''

async function ok(args: string[], input?: string) {
  const run = await custosInProcess([...args, '--data-dir', dataDir], { now, ...(input !== undefined ? { input } : {}) })
  expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0)
  return run
}

beforeAll(async () => {
  await ok(['init', '--name', 'Malformed inputs'])
  await ok(['method', 'add', '--id', 'aws-prod', '--name', 'AWS prod', '--scope', 'AWS 1', '--owner-team', 'Cloud', '--use-case', 'Outage', '--access', 'Admin', '--threshold', '2', '--shares', '3', '--copies', '1'])
  for (const id of ['alice', 'bob', 'carol']) await ok(['custodian', 'add', '--id', id, '--name', id, '--contact', `${id}@example.com`, '--team', 'Ops'])
  setId = (await ok(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', join(tmp.path, 'sheets.pdf'), '--json'], BUNDLE)).json().setId
  const split = await ok(['split', '--threshold', '2', '--shares', '3', '--out', join(tmp.path, 'shares'), '--json'], BUNDLE)
  shareFile = split.json().files[0]
  writeFileSync(join(tmp.path, 'root.pem'), 'not a certificate')
}, 120_000)

const long = (n: number) => 'x'.repeat(n)
const BAD_WHOLE = ['abc', '-1', '1.5', '', ' ', '0x10', '1e3', '99999999', 'NaN', 'Infinity', '٣', '2 3']
const BAD_DURATION = ['abc', '-1', '0', '', '1e3', 'NaN', '1h', '--', '.5.5']
const BAD_COPIES = ['0', '10', 'abc', '-1', '1.5', '', 'two']
const BAD_PAGE = ['a3', 'A5', 'legal', '', 'letterx', 'a 4']
const BAD_SHEET = ['0.1', '17.1', '1', '1.0', 'a.b', '2-', '', '1.10', '.1']
const BAD_YESNO = ['maybe', '1', '', 'yess', 'nope']

/** [args (the data dir is appended), input?] */
function cases(): { args: string[]; input?: string }[] {
  const list: { args: string[]; input?: string }[] = []
  const add = (args: string[], input?: string) => list.push({ args, ...(input !== undefined ? { input } : {}) })
  const out = () => join(tmp.path, `out-${list.length}`)

  for (const v of BAD_WHOLE) {
    add(['split', '--threshold', v, '--shares', '3', '--out', out()], BUNDLE)
    add(['split', '--threshold', '2', '--shares', v, '--out', out()], BUNDLE)
    add(['log', 'show', '--limit', v])
    add(['log', 'show', '--from', v])
    add(['method', 'update', 'aws-prod', '--threshold', v])
    add(['method', 'update', 'aws-prod', '--drill-days', v])
  }
  add(['log', 'show', '--from', '0'])
  for (const v of BAD_DURATION) {
    add(['method', 'update', 'aws-prod', '--revoke-hours', v])
    add(['method', 'update', 'aws-prod', '--review-days', v])
  }
  for (const v of BAD_COPIES) {
    add(['split', '--threshold', '2', '--shares', '3', '--out', out(), '--pdf', join(tmp.path, `p${list.length}.pdf`), '--copies', v], BUNDLE)
    add(['sheets', 'verify', '--set', setId, shareFile, '--copies', v])
  }
  add(['method', 'update', 'aws-prod', '--copies', '0'])
  for (const v of BAD_PAGE) {
    add(['split', '--threshold', '2', '--shares', '3', '--out', out(), '--pdf', join(tmp.path, `q${list.length}.pdf`), '--page-size', v], BUNDLE)
    add(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', join(tmp.path, `r${list.length}.pdf`), '--page-size', v], BUNDLE)
  }
  for (const v of BAD_SHEET) {
    add(['custody', 'lost', '--set', setId, '--sheet', v, '--note', 'gone'])
    add(['custody', 'resealed', '--set', setId, '--sheet', v, '--serial', 'TE-1'])
    add(['ceremony', 'handover', '--set', setId, '--sheet', v, '--custodian', 'alice', '--bag', 'TE-1'])
  }
  const review = (flag: string, v: string) => {
    const answers: Record<string, string> = { '--justified': 'yes', '--alternatives-considered': 'yes', '--revoked-rotated': 'yes', '--all-logged': 'yes' }
    answers[flag] = v
    return ['review', '--release', 'rel-1', '--reviewer', 'Rita', ...Object.entries(answers).flat(), '--went-well', 'a', '--to-improve', 'b']
  }
  for (const v of BAD_YESNO) for (const flag of ['--justified', '--all-logged']) add(review(flag, v))

  // Unknown options, on every command.
  const commands = [
    ['init'], ['split'], ['combine'], ['inspect', shareFile], ['sheets', 'verify'], ['log', 'show'], ['log', 'verify'], ['log', 'checkpoint'],
    ['audit', 'export'], ['audit', 'verify', 'x.pdf'], ['audit', 'cert'], ['method', 'add'], ['method', 'update', 'aws-prod'], ['method', 'list'],
    ['custodian', 'add'], ['custodian', 'update', 'alice'], ['custodian', 'retire', 'alice'], ['custodian', 'list'], ['custodian', 'review'],
    ['ceremony', 'issue'], ['ceremony', 'handover'], ['ceremony', 'verify'], ['ceremony', 'activate'], ['ceremony', 'abandon'],
    ['custody', 'bag-opened'], ['custody', 'resealed'], ['custody', 'moved'], ['custody', 'lost'], ['custody', 'destroyed'],
    ['release', 'request'], ['release', 'grant'], ['release', 'revoked'], ['release', 'rotated'], ['release', 'list'],
    ['drill', 'run'], ['review'], ['obligations'], ['runbook'],
  ]
  for (const c of commands) add([...c, '--frobnicate'])
  for (const c of commands) add([...c, '--Json'])

  // Missing required options and arguments, excess arguments, unknown commands, options without a value.
  for (const args of [
    ['init'], ['split', '--threshold', '2', '--shares', '3'], ['split', '--out', out()], ['inspect'], ['sheets', 'verify', '--set', setId],
    ['sheets', 'verify', shareFile], ['audit', 'verify'], ['audit', 'cert'], ['custodian', 'update'], ['custodian', 'retire', 'alice'],
    ['custodian', 'add', '--name', 'N', '--contact', 'c'], ['custodian', 'review'], ['ceremony', 'issue', '--method', 'aws-prod'],
    ['ceremony', 'handover', '--set', setId, '--sheet', '1.1'], ['ceremony', 'verify', '--set', setId], ['ceremony', 'activate'],
    ['ceremony', 'abandon', '--set', setId], ['custody', 'lost', '--set', setId, '--sheet', '1.1'], ['custody', 'moved', '--set', setId, '--sheet', '1.1', '--to', 'bob'],
    ['release', 'grant'], ['release', 'revoked', '--release', 'r'], ['drill', 'run'], ['review', '--release', 'r'], ['runbook'],
    ['init', '--name', 'x', 'extra'], ['log', 'show', 'extra'], ['obligations', 'extra'], ['method', 'list', 'extra'],
    ['frobnicate'], ['ceremony', 'frob'], ['log', 'frob'], ['custody', 'frob'], ['release', 'frob'],
    ['log', 'show', '--limit'], ['log', 'show', '--type'], ['split', '--threshold'], ['init', '--name'],
  ]) add(args)

  // Values the contract refuses, named by field (over-long notes and the like), and other bad input.
  add(['custody', 'lost', '--set', setId, '--sheet', '1.1', '--note', long(3000)])
  add(['custody', 'lost', '--set', setId, '--sheet', '1.1', '--note', long(501)])
  add(['custody', 'lost', '--set', setId, '--sheet', '1.1', '--note', '   '])
  add(['custody', 'bag-opened', '--set', setId, '--sheet', '1.1', '--serial', 'TE-1', '--reason', long(301)])
  add(['custody', 'bag-opened', '--set', setId, '--sheet', '1.1', '--serial', long(61), '--reason', 'check'])
  add(['custody', 'resealed', '--set', setId, '--sheet', '1.1', '--serial', long(61)])
  add(['custody', 'moved', '--set', setId, '--sheet', '1.1', '--to', 'bob', '--bag', long(61)])
  add(['custody', 'destroyed', '--set', setId, '--sheet', '1.1', '--witness', long(121)])
  add(['custodian', 'add', '--name', long(121), '--contact', 'c', '--team', 't'])
  add(['custodian', 'add', '--name', 'N', '--contact', long(201), '--team', 't'])
  add(['custodian', 'add', '--name', 'N', '--contact', 'c', '--team', long(121)])
  add(['custodian', 'add', '--id', 'Not An Id!', '--name', 'N', '--contact', 'c', '--team', 't'])
  add(['custodian', 'update', 'alice', '--name', long(121)])
  add(['custodian', 'retire', 'alice', '--reason', long(301)])
  add(['custodian', 'review', '--reviewer', long(121)])
  add(['custodian', 'review', '--reviewer', 'Rita', '--note', long(1001)])
  add(['method', 'add', '--name', long(121), '--scope', 's', '--owner-team', 'o', '--use-case', 'u', '--access', 'a', '--threshold', '2', '--shares', '3'])
  add(['method', 'add', '--name', 'M2', '--scope', long(301), '--owner-team', 'o', '--use-case', 'u', '--access', 'a', '--threshold', '2', '--shares', '3'])
  add(['method', 'add', '--name', 'M3', '--scope', 's', '--owner-team', 'o', '--use-case', long(201), '--access', 'a', '--threshold', '2', '--shares', '3'])
  add(['method', 'add', '--name', 'M4', '--scope', 's', '--owner-team', 'o', '--use-case', 'u', '--access', 'a', '--threshold', '5', '--shares', '3'])
  add(['method', 'add', '--name', 'M5', '--scope', 's', '--owner-team', 'o', '--use-case', 'u', '--access', 'a', '--threshold', '2', '--shares', '30'])
  add(['method', 'add', '--name', 'M6', '--scope', 's', '--owner-team', 'o', '--use-case', 'u', '--access', 'a'])
  add(['ceremony', 'abandon', '--set', setId, '--note', long(501)])
  add(['ceremony', 'handover', '--set', setId, '--sheet', '1.1', '--custodian', 'alice', '--bag', long(61)])
  add(['release', 'revoked', '--release', 'r', '--evidence', long(2001)])
  add(['release', 'rotated', '--release', 'r', '--evidence', long(2001)])
  add(['release', 'request', '--method', 'aws-prod', '--ticket', long(121)])
  add(['release', 'request', '--method', 'aws-prod', '--ticket', 'INC-1', '--justification', long(2001)])
  add(['release', 'request', '--method', 'aws-prod'])
  add(['review', '--release', 'r', '--reviewer', 'R', '--justified', 'y', '--alternatives-considered', 'y', '--revoked-rotated', 'y', '--all-logged', 'y', '--went-well', long(2001), '--to-improve', 'b'])
  add(['split', '--threshold', '2', '--shares', '3', '--out', out()], '{"kind":"generic"')
  add(['split', '--threshold', '2', '--shares', '3', '--out', out()], '')
  add(['split', '--threshold', '2', '--shares', '3', '--out', out()], '[]')
  add(['split', '--threshold', '2', '--shares', '3', '--out', out(), '--copies', '2'], BUNDLE)
  add(['split', '--threshold', '2', '--shares', '3', '--out', out(), '--bundle-file', join(tmp.path, 'missing.json')])
  add(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', join(tmp.path, 'no-such-dir', 'x.pdf')], BUNDLE)
  add(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', tmp.path], BUNDLE)
  add(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', join(tmp.path, 'y.pdf'), '--assign', '1.1'], BUNDLE)
  add(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', join(tmp.path, 'z.pdf'), '--assign', '17.1=alice'], BUNDLE)
  add(['inspect', join(tmp.path, 'missing.txt')])
  add(['log', 'show', '--type', 'no.such-type'])
  add(['log', 'verify', '--checkpoint', join(tmp.path, 'missing.txt')])
  add(['audit', 'export'])
  add(['audit', 'export', '--out', join(tmp.path, 'a.pdf'), '--bundle', join(tmp.path, 'b')])
  add(['audit', 'export', '--out', join(tmp.path, 'a2.pdf'), '--from', 'yesterday'])
  add(['audit', 'verify', join(tmp.path, 'report.docx')])
  add(['audit', 'verify', join(tmp.path, 'a.pdf'), '--root', join(tmp.path, 'root.der')])
  add(['release', 'grant', '--release', 'r', '--present', 'alice', '--to-pipe'])
  add(['release', 'grant', '--release', 'r', '--present', '=file', '--to-pipe'])
  add(['release', 'grant', '--release', 'r', '--present', `alice=${join(tmp.path, 'missing.png')}`, '--to-pipe'])
  add(['drill', 'run', '--method', 'aws-prod', '--present', 'alice'])
  add(['drill', 'run', '--method', 'aws-prod', '--present', `alice=${shareFile}`, '--note', long(1001)])
  add(['combine', '--check'])
  return list
}

describe('malformed options and inputs', () => {
  it('are each refused with exit 2 or 3 and one line, never a stack trace or exit 1 (200+ cases)', { timeout: 300_000 }, async () => {
    const all = cases()
    expect(all.length).toBeGreaterThanOrEqual(200)
    const wrong: string[] = []
    for (const c of all) {
      const run = await custosInProcess([...c.args, '--data-dir', dataDir], { now, ...(c.input !== undefined ? { input: c.input } : {}) })
      const lines = run.stderr.split('\n').filter((l) => l !== '')
      const fine = (run.code === 2 || run.code === 3) && lines.length === 1 && run.stderr.endsWith('\n') && !/\n\s+at /.test(run.stderr) && run.stdout === ''
      if (!fine) wrong.push(`custos ${c.args.map((a) => (a.length > 30 ? `${a.slice(0, 10)}…(${a.length})` : a)).join(' ')} -> exit ${run.code}: ${run.stderr.slice(0, 300)}${run.stdout.slice(0, 100)}`)
    }
    expect(wrong).toEqual([])
  })

  it('an over-long note names the field and the limit, as a person reads it', async () => {
    const run = await custosInProcess(['custody', 'lost', '--set', setId, '--sheet', '1.1', '--note', long(3000), '--data-dir', dataDir], { now })
    expect(run.stderr).toBe('custos: Note: at most 500 characters (you gave 3,000). [USAGE]\n')
  })

  it('the real command answers the same way: one line, exit 2, no stack trace', { timeout: 120_000 }, async () => {
    for (const args of [['split', '--threshold', 'abc'], ['split', '--threshold', '2', '--shares', '3', '--out', join(tmp.path, 'o9'), '--copies', '0'], ['log', 'show', '--limit', 'abc'], ['ceremony', 'issue', '--page-size', 'a3']]) {
      const run = await runCli([...args, '--data-dir', dataDir])
      expect(run.code, run.stderr).toBe(2)
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1)
    }
  })
})
