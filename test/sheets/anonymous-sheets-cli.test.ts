// `custos ceremony issue` as a vault owner runs it: sheets that name the vault, method,
// custodians and whom to tell by default, anonymous sheets with --anonymous, and the warning
// that the sheets PDF left on disk is the whole credential (issue 18).
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { groupForDisplay } from '../../shared/share-format'
import { custosInProcess } from '../cli/in-process-cli'
import { makeTempDir } from '../helpers/temp-dir'

const tmp = makeTempDir('custos-anonymous-sheets-')
afterAll(() => tmp.cleanup())
const now = '2026-03-14T09:00:00Z'
const dataDir = join(tmp.path, 'vault')
const BUNDLE = JSON.stringify({ kind: 'generic', fields: { password: 'anonymous-sheets-secret' } })
const NAMES = ['Acme payments vault', 'AWS prod root', 'Alice Martin', 'Bob Chen', 'Carol Diaz']

const cli = (args: string[], input?: string) => custosInProcess([...args, '--data-dir', dataDir], { now, ...(input !== undefined ? { input } : {}) })
const textOf = (pdf: string) => execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')

beforeAll(async () => {
  expect((await cli(['init', '--name', 'Acme payments vault'])).code).toBe(0)
  const method = ['--id', 'aws-prod', '--name', 'AWS prod root', '--scope', 'AWS 1', '--owner-team', 'Cloud platform', '--use-case', 'Outage', '--access', 'Admin', '--threshold', '2', '--shares', '3', '--copies', '1']
  const added = await cli(['method', 'add', ...method])
  expect(added.code, added.stderr).toBe(0)
  for (const [id, name] of [['alice', 'Alice Martin'], ['bob', 'Bob Chen'], ['carol', 'Carol Diaz']] as const) {
    expect((await cli(['custodian', 'add', '--id', id, '--name', name, '--contact', `${id}@example.com`, '--team', 'Ops'])).code).toBe(0)
  }
}, 120_000)

describe('custos ceremony issue', () => {
  it('lists --anonymous in its help', async () => {
    const help = await cli(['ceremony', 'issue', '--help'])
    expect(help.stdout).toMatch(/--anonymous\s+leave custodian, vault and method names off the sheets/)
  })

  it('names vault, method and custodians on the sheets, and warns that the PDF is the whole credential', async () => {
    const pdf = join(tmp.path, 'named.pdf')
    const run = await cli(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', pdf, '--contact', 'Duty desk +1 555 0100', '--json'], BUNDLE)
    expect(run.code, run.stderr).toBe(0)
    const setId = run.json().setId
    expect(run.stderr).toContain(`WARNING: ${pdf} holds every share of set ${groupForDisplay(setId)}: anyone with this file holds the credential.`)
    const text = textOf(pdf)
    for (const name of NAMES) expect(text).toContain(name)
    expect(text).toContain('Tell Cloud platform (Duty desk +1 555 0100) the same day')
    expect((await cli(['ceremony', 'abandon', '--set', setId, '--note', 'Trying anonymous sheets'])).code).toBe(0)
  })

  it('--anonymous leaves every name off the sheets but keeps the set id and whom to tell', async () => {
    const pdf = join(tmp.path, 'anonymous.pdf')
    const run = await cli(['ceremony', 'issue', '--method', 'aws-prod', '--pdf', pdf, '--contact', 'Duty desk +1 555 0100', '--anonymous', '--json'], BUNDLE)
    expect(run.code, run.stderr).toBe(0)
    const text = textOf(pdf)
    for (const name of NAMES) expect(text).not.toContain(name)
    expect(text).toContain(groupForDisplay(run.json().setId))
    expect(text).toContain('Tell Cloud platform (Duty desk +1 555 0100) the same day')
    expect(run.stderr).toContain('WARNING:')
    // Who holds which sheet is still in the logbook and the command's answer; only the paper is anonymous.
    expect(run.json().sheets.map((s: { custodianName: string }) => s.custodianName)).toEqual(['Alice Martin', 'Bob Chen', 'Carol Diaz'])
  })
})
