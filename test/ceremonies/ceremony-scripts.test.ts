// The printed ceremony scripts, as a custodian or an operator reads them: every step, whom to
// call with their contacts and ids, the vault's public key as text and QR; and steps recorded
// as done land in the logbook. Rendered by poppler and decoded by zbarimg, as a person would.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildProgram } from '../../main/cli/index'
import { stateOf } from '../../main/core/ceremonies/ceremony-context'
import { buildCeremonyScript } from '../../main/core/ceremonies/ceremony-scripts'
import { groupForDisplay } from '../../shared/share-format'
import { SCRIPT_KINDS, type ScriptKind } from '../../shared/script-api'
import { ceremonyFixture, type CeremonyFixture } from '../helpers/ceremony-fixture'
import { custosInProcess } from '../cli/in-process-cli'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeTempDir } from '../helpers/temp-dir'

let fx: CeremonyFixture
let out: ReturnType<typeof makeTempDir>
let oldSetId: string
const ARTIFACTS = join(__dirname, '..', 'artifacts', 'scripts')

beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true })
  fx = ceremonyFixture()
  out = makeTempDir('custos-scripts-')
  // A second set retires the first, whose sheets then wait for the destruction record.
  oldSetId = fx.setId
  fx.issueNewSet()
})
afterAll(() => {
  fx?.cleanup()
  out?.cleanup()
})

const run = (args: string[]) => custosInProcess([...args, '--data-dir', fx.ctx.dataDir])
const publicKey = () => Buffer.from(fx.ctx.key.raw).toString('base64')

async function printed(kind: ScriptKind): Promise<{ pdf: string; text: string }> {
  const pdf = join(out.path, `${kind}.pdf`)
  const result = await run(['script', 'print', '--method', 'root', '--kind', kind, '--out', pdf])
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  return { pdf, text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }) }
}

describe('ceremony scripts', () => {
  it.each(SCRIPT_KINDS)('prints the %s script with every step, checks, signatures and the vault key', async (kind) => {
    const { pdf, text } = await printed(kind)
    expect(statSync(pdf).mode & 0o777).toBe(0o600)
    const script = buildCeremonyScript({ state: stateOf(fx.ctx), methodId: 'root', kind, fingerprint: fx.ctx.key.fingerprint, publicKey: publicKey(), checkpoint: '', now: new Date() })
    const flat = text.replace(/\s+/g, ' ')
    for (const step of script.steps) {
      expect(flat).toContain(`${step.n}. ${step.who}`)
      // The first words of each action, check and failure branch are on the paper.
      expect(flat).toContain(step.action.split(' ').slice(0, 6).join(' '))
      if (step.check) expect(flat).toContain(`Check: ${step.check.split(' ').slice(0, 5).join(' ')}`)
      if (step.ifFails) expect(flat).toContain(`If it fails: ${step.ifFails.split(' ').slice(0, 5).join(' ')}`)
    }
    expect(flat).toContain(groupForDisplay(fx.ctx.key.fingerprint))
    expect(flat).toContain(publicKey())
    expect(flat).toContain('Signatures')
    expect(flat).toMatch(/page 1 of \d/)
    // The QR code on the page is the public key, as a scanner reads it.
    const [page] = renderPdfPages(pdf, out.path, kind, 150)
    copyFileSync(page!, join(ARTIFACTS, `${kind}-script-page-1.png`))
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', page!], { encoding: 'utf8' }).trim()
    expect(decoded).toBe(`custos-vault-key:${publicKey()}`)
  })

  it('the break-glass script says whom to call for each share: every holder with contact and id', async () => {
    const { text } = await printed('break-glass')
    const flat = text.replace(/\s+/g, ' ')
    const holders = stateOf(fx.ctx).custody[stateOf(fx.ctx).methods.root!.activeSetId!]!.sheets
    for (const sheet of holders) {
      const c = stateOf(fx.ctx).custodians[sheet.custodianId]!
      expect(flat).toContain(`${c.name} (id ${c.custodianId}, copy ${sheet.copy}`)
      expect(flat).toContain(c.contact)
    }
    expect(flat).toMatch(/Share 1: .* or .*/)
    expect(flat).toContain('If the vault machine is down')
    expect(flat).toContain('custos recover --fingerprint')
    expect(flat).toContain('If too few custodians can be reached')
  })

  it('the destruction record lists each sheet of the retired set with lines for who destroyed it and the witness', async () => {
    const { text } = await printed('destruction')
    const flat = text.replace(/\s+/g, ' ')
    for (const sheet of stateOf(fx.ctx).custody[oldSetId]!.sheets) {
      expect(flat).toContain(`Set ${groupForDisplay(oldSetId)}, sheet ${sheet.index}.${sheet.copy}, held by`)
    }
    expect(flat).toContain('destroyed by')
    expect(flat).toContain('witness')
  })

  it('the runbook carries the vault public key as text and QR, and whom to call per share with their ids', async () => {
    const pdf = join(out.path, 'runbook.pdf')
    const result = await run(['runbook', '--out', pdf])
    expect(result.code, result.stderr).toBe(0)
    const flat = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(flat).toContain(publicKey())
    expect(flat).toMatch(/Share 1: Alice \(id alice, copy 1\): alice@example\.com or Dave \(id dave, copy 2\): dave@example\.com/)
    expect(flat).toContain('custos script print --method METHOD')
    const [page] = renderPdfPages(pdf, out.path, 'runbook', 150)
    expect(execFileSync('zbarimg', ['--quiet', '--raw', page!], { encoding: 'utf8' })).toContain(`custos-vault-key:${publicKey()}`)
  })

  it('every command a script prints is a real custos command with real options', () => {
    const program = buildProgram({ io: { stdout: () => undefined, stderr: () => undefined } } as never)
    for (const kind of SCRIPT_KINDS) {
      const script = buildCeremonyScript({ state: stateOf(fx.ctx), methodId: 'root', kind, fingerprint: 'F', publicKey: 'K', checkpoint: '', now: new Date() })
      for (const step of script.steps.filter((s) => s.cli)) {
        const words = step.cli!.split(' ')
        expect(words[0]).toBe('custos')
        let command: Command = program
        let i = 1
        while (i < words.length && !words[i]!.startsWith('-')) {
          const sub = command.commands.find((c) => c.name() === words[i])
          if (!sub) break
          command = sub
          i++
        }
        expect(command, `${kind} step ${step.n}: ${step.cli}`).not.toBe(program)
        const flags = words.slice(i).filter((w) => w.startsWith('--'))
        const known = new Set(command.options.map((o) => o.long))
        for (const flag of flags) expect(known, `${kind} step ${step.n}: ${flag} of "${step.cli}"`).toContain(flag)
      }
    }
  })

  it('records a step as done, by whom, so the log and the filled paper agree', async () => {
    const result = await run(['script', 'step', '--method', 'root', '--kind', 'drill', '--step', '3', '--by', 'alice', '--reference', 'DRILL-2026-Q1', '--json'])
    expect(result.code).toBe(0)
    expect(result.json()).toMatchObject({ ok: true, kind: 'drill', step: 3, doneBy: 'Alice' })
    const [entry] = fx.ctx.log.entries({ type: 'script.step-done', newestFirst: true, limit: 1 })
    expect(entry!.event).toMatchObject({ script: 'drill', methodId: 'root', step: 3, doneBy: 'Alice', reference: 'DRILL-2026-Q1' })
    expect((entry!.event as { action: string }).action).toMatch(/^Present your sheet/)
  })

  it('refuses a step the script does not have, an unknown script and an unknown method, recording nothing', async () => {
    const before = fx.ctx.log.head().size
    const noStep = await run(['script', 'step', '--method', 'root', '--kind', 'drill', '--step', '9', '--by', 'alice'])
    expect(noStep.code).toBe(3)
    expect(noStep.stderr).toMatch(/has steps 1 to 4; there is no step 9/)
    const badKind = await run(['script', 'print', '--method', 'root', '--kind', 'party', '--out', join(out.path, 'x.pdf')])
    expect(badKind.code).toBe(2)
    expect(badKind.stderr.trim().split('\n')[0]).toMatch(/"party" is not a script; use one of break-glass, issuance, drill, destruction/)
    const noMethod = await run(['script', 'print', '--method', 'nope', '--kind', 'drill', '--out', join(out.path, 'y.pdf')])
    expect(noMethod.code).toBe(7)
    expect(noMethod.stderr).toMatch(/no method "nope"/)
    expect(fx.ctx.log.head().size).toBe(before)
  })
})
