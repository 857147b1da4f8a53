// The Audit screen's operations through the contract (dispatch over createApi with the fake
// desktop port): they write what `custos audit export|cert` write, check what
// `custos audit verify` checks, write nothing when a dialog is cancelled, and report a
// tampered export as failed, naming the check.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../main/core/api/create-api'
import { dispatch } from '../../main/core/api/dispatch'
import { fixedClock } from '../../main/core/clock'
import { apiCaller } from '../helpers/api-call'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { runCli } from '../helpers/run-cli'
import { makeTempDir } from '../helpers/temp-dir'

const work = makeTempDir('custos-audit-ops-')
const dataDir = join(work.path, 'vault')
const out = join(work.path, 'out')
const clock = fixedClock('2026-03-10T09:00:00Z')
const desktop = createFakeDesktopPort()
const api = createApi({ dataDir, clock, desktop })

const { must, refused } = apiCaller(api)

interface VerifyView {
  checked: boolean
  path?: string
  ok: boolean
  checks: { name: string; ok: boolean; detail: string }[]
}

let pdfPath = ''

beforeAll(async () => {
  mkdirSync(out, { recursive: true })
  await must('vault.init', { name: 'Payments production' })
  await must('custodians.add', { name: 'Alice Martin', contact: '+41 44 000 00 01', team: 'Operations' })
  clock.advance(24 * 3600_000)
  await must('custodians.add', { name: 'Bob Keller', contact: '+41 44 000 00 02', team: 'Operations' })
  clock.advance(3600_000)
})

afterAll(() => work.cleanup())

describe('audit.export', () => {
  it('saves the signed PDF where the person chose, and `custos audit verify` accepts it', async () => {
    pdfPath = join(out, 'chosen-name.pdf')
    desktop.nextSavePath = pdfPath
    const saved = await must('audit.export', { kind: 'pdf' })
    expect(saved).toMatchObject({ saved: true, path: pdfPath })
    const bytes = readFileSync(pdfPath)
    expect(saved.sha256).toBe(execFileSync('sha256sum', [pdfPath], { encoding: 'utf8' }).split(' ')[0])
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(desktop.callsOf('saveDialog').at(-1)!.request).toMatchObject({ defaultName: 'custos-audit-2026-03-11.pdf' })

    const cli = await runCli(['audit', 'verify', pdfPath, '--data-dir', dataDir])
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stdout).toContain('VERIFIED')
  })

  it('saves the evidence bundle with the same files the CLI writes, checked by sha256sum', async () => {
    const dir = join(out, 'bundle')
    desktop.nextSavePath = dir
    const saved = await must('audit.export', { kind: 'bundle', from: '2026-03-11', to: '2026-03-11' })
    expect(saved).toMatchObject({ saved: true, path: dir })
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'SHA256SUMS', 'audit-root-cert.pem', 'checkpoint.txt', 'custos-audit-2026-03-11.pdf', 'custos-logbook.json'])
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toContain('custos-audit-2026-03-11.pdf: OK')
    expect(saved.sha256).toBe(execFileSync('sha256sum', [join(dir, 'SHA256SUMS')], { encoding: 'utf8' }).split(' ')[0])

    // The CLI's bundle of the same vault holds the same names.
    const cliDir = join(out, 'cli-bundle')
    const cli = await runCli(['audit', 'export', '--bundle', cliDir, '--data-dir', dataDir], { now: clock.now().toISOString() })
    expect(cli.code, cli.stderr).toBe(0)
    expect(readdirSync(cliDir).sort()).toEqual(readdirSync(dir).sort())

    // The period went into the export: only the second day's entry is in it.
    const cp = await runCli(['audit', 'verify', join(dir, 'custos-audit-2026-03-11.pdf'), '--checkpoint', join(dir, 'checkpoint.txt'), '--json'])
    expect(cp.code, cp.stderr).toBe(0)
    expect(cp.json().summary.period).toEqual({ from: '2026-03-11T00:00:00.000Z', to: '2026-03-11T23:59:59.999Z' })
    expect(cp.json().summary.periodEntries.count).toBe(1)
  })

  it('refuses an unreadable period before any dialog opens, and a non-empty folder for a bundle', async () => {
    const dialogs = desktop.callsOf('saveDialog').length
    const bad = await refused('audit.export', { kind: 'pdf', from: 'last tuesday' })
    expect(bad.code).toBe('USAGE')
    expect(bad.message).toBe('From "last tuesday" is not a date; use YYYY-MM-DD or an ISO time.')
    const swapped = await refused('audit.export', { kind: 'pdf', from: '2026-03-12', to: '2026-03-01' })
    expect(swapped.message).toMatch(/is after To/)
    expect(desktop.callsOf('saveDialog')).toHaveLength(dialogs)

    desktop.nextSavePath = out
    const full = await refused('audit.export', { kind: 'bundle' })
    expect(full.code).toBe('OUTPUT_DIR_NOT_EMPTY')
    expect(full.message).toContain('Choose an empty or new directory')
  })

  it('writes nothing when the save dialog is cancelled', async () => {
    const before = readdirSync(out).sort()
    desktop.nextSavePath = undefined
    expect(await must('audit.export', { kind: 'pdf' })).toEqual({ saved: false })
    expect(await must('audit.export', { kind: 'bundle' })).toEqual({ saved: false })
    expect(await must('audit.exportRootCert')).toEqual({ saved: false })
    expect(readdirSync(out).sort()).toEqual(before)
  })
})

describe('audit.exportRootCert', () => {
  it('saves the vault audit root as PEM and returns the certificate fingerprint auditors compare', async () => {
    const path = join(out, 'root.pem')
    desktop.nextSavePath = path
    const saved = await must('audit.exportRootCert')
    expect(saved).toMatchObject({ saved: true, path })
    const pem = readFileSync(path, 'utf8')
    expect(pem).toBe(readFileSync(join(dataDir, 'audit-root-cert.pem'), 'utf8'))
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/)
    const openssl = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', path], { encoding: 'utf8' })
    expect(openssl.trim().split('=')[1]).toBe(saved.sha256)
    // And the CLI trusts an export through it alone (no vault on the auditor's machine).
    const cli = await runCli(['audit', 'verify', pdfPath, '--root', path, '--data-dir', join(work.path, 'no-vault')])
    expect(cli.code, cli.stderr).toBe(0)
  })
})

describe('audit.verify', () => {
  it('checks the chosen PDF as `custos audit verify` does and returns one line per check', async () => {
    desktop.nextOpenPaths = [pdfPath]
    const view = await must<VerifyView>('audit.verify')
    expect(view).toMatchObject({ checked: true, path: pdfPath, ok: true })
    expect(view.checks.map((c) => c.name)).toEqual(['File', 'Signature', 'Whole file', 'Signer', 'Embedded log', 'Cover figures', 'Trusted through'])
    expect(view.checks.every((c) => c.ok)).toBe(true)
    expect(view.checks.find((c) => c.name === 'Trusted through')!.detail).toBe("root certificate this vault's audit root certificate, this vault's key")

    // The CLI prints the same lines.
    const cli = await runCli(['audit', 'verify', pdfPath, '--data-dir', dataDir])
    const lines = cli.stdout.trim().split('\n').slice(1)
    expect(lines.map((l) => l.split(':')[0])).toEqual(view.checks.map((c) => c.name))
  })

  it('reports a tampered PDF as not ok, naming the signature as the check that failed', async () => {
    const tampered = readFileSync(pdfPath)
    // A byte in the middle of the signed bytes before the signature value.
    const at = Math.floor(Number(/\/ByteRange\s*\[\s*0\s+(\d+)/.exec(tampered.toString('latin1'))![1]) / 2)
    tampered[at] = tampered[at]! ^ 0x01
    const path = join(out, 'tampered.pdf')
    writeFileSync(path, tampered)
    desktop.nextOpenPaths = [path]
    const view = await must<VerifyView>('audit.verify')
    expect(view).toMatchObject({ checked: true, path, ok: false })
    expect(view.checks).toEqual([
      { name: 'File', ok: true, detail: expect.stringMatching(/^a PDF of \d+ bytes carrying a digital signature$/) },
      { name: 'Signature', ok: false, detail: expect.stringMatching(/^The PDF signature is not valid/) },
    ])
  })

  it('reports bytes appended after signing as a failed whole-file check, after a valid signature', async () => {
    const path = join(out, 'appended.pdf')
    writeFileSync(path, Buffer.concat([readFileSync(pdfPath), Buffer.from('\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1')]))
    desktop.nextOpenPaths = [path]
    const view = await must<VerifyView>('audit.verify')
    expect(view.ok).toBe(false)
    expect(view.checks.map((c) => [c.name, c.ok])).toEqual([
      ['File', true],
      ['Signature', true],
      ['Whole file', false],
    ])
    expect(view.checks.at(-1)!.detail).toMatch(/1 incremental update/)
  })

  it('reports a file that is not a PDF, and an export of another vault', async () => {
    const text = join(out, 'notes.pdf')
    writeFileSync(text, 'meeting notes')
    desktop.nextOpenPaths = [text]
    const notPdf = await must<VerifyView>('audit.verify')
    expect(notPdf.checks).toEqual([{ name: 'File', ok: false, detail: 'The file is not a PDF (it does not start with %PDF-).' }])

    const other = makeTempDir('custos-audit-other-')
    try {
      const otherApi = createApi({ dataDir: other.path, clock, desktop })
      await dispatch(otherApi, 'vault.init', { name: 'Someone else' })
      const foreign = join(out, 'foreign.pdf')
      desktop.nextSavePath = foreign
      expect((await dispatch(otherApi, 'audit.export', { kind: 'pdf' })).ok).toBe(true)
      desktop.nextOpenPaths = [foreign]
      const view = await must<VerifyView>('audit.verify')
      expect(view.ok).toBe(false)
      expect(view.checks.at(-1)).toMatchObject({ name: 'Signer', ok: false })
      expect(view.checks.at(-1)!.detail).toContain('was not issued by')
    } finally {
      other.cleanup()
    }
  })

  it('uses root certificates and checkpoints chosen with the PDF, and fails a checkpoint the log does not extend', async () => {
    const bundle = join(out, 'bundle')
    desktop.nextOpenPaths = [join(bundle, 'custos-audit-2026-03-11.pdf'), join(bundle, 'audit-root-cert.pem'), join(bundle, 'checkpoint.txt')]
    const view = await must<VerifyView>('audit.verify')
    expect(view.ok).toBe(true)
    expect(view.checks.filter((c) => c.name === 'Checkpoint')).toHaveLength(1)
    expect(view.checks.at(-1)!.detail).toBe("root certificate audit-root-cert.pem, this vault's key, 1 checkpoint(s)")

    // A newer checkpoint than the export: the export is of an older copy of the log.
    clock.advance(3600_000)
    await must('custodians.add', { name: 'Carol Weber', contact: '+41 44 000 00 03', team: 'Security' })
    const newer = join(out, 'newer-checkpoint.txt')
    writeFileSync(newer, (await must<{ text: string }>('log.checkpoint')).text)
    desktop.nextOpenPaths = [join(bundle, 'custos-audit-2026-03-11.pdf'), newer]
    const stale = await must<VerifyView>('audit.verify')
    expect(stale.ok).toBe(false)
    expect(stale.checks.at(-1)).toMatchObject({ name: 'Checkpoint', ok: false })
  })

  it('answers a cancelled open dialog with checked: false, and refuses a choice without exactly one PDF', async () => {
    desktop.nextOpenPaths = []
    expect(await must('audit.verify')).toEqual({ checked: false, ok: false, checks: [] })
    desktop.nextOpenPaths = [join(out, 'root.pem')]
    expect((await refused('audit.verify')).message).toMatch(/^None of root\.pem is a PDF/)
    desktop.nextOpenPaths = [pdfPath, join(out, 'tampered.pdf')]
    expect((await refused('audit.verify')).message).toMatch(/^2 PDFs were chosen/)
  })

  it('says a desktop is needed when there is no desktop port, in words any front end can show', async () => {
    const headless = createApi({ dataDir, clock })
    const result = await dispatch(headless, 'audit.export', { kind: 'pdf' })
    expect(result).toMatchObject({ ok: false, error: { code: 'USAGE', details: { needs: 'desktop' } } })
    expect(result.ok ? '' : result.error.message).not.toMatch(/custos /)
  })
})
