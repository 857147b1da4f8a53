// End to end: aftercare and audit in the built renderer in Debian's Chromium, with the real
// backend behind the loopback host. A vault is seeded through the ceremony services (method,
// custodians, an active set of an AWS access key, a release granted by a quorum); a new user
// then revokes offline (commands shown, AWS evidence recorded), rotates offline, re-issues,
// destroys the retired sheets and completes the review until nothing is due; then exports
// the signed PDF (which the real `custos audit verify` accepts), the evidence bundle and
// the root certificate, and verifies an export and a tampered copy in the app. Last, a
// second release of the new key is revoked in connected mode against the loopback IAM
// endpoint (test/aws/fake-iam-server.ts), signed with the operator's own key.
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import type { Api } from '../../shared/api'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { createObligationNotifier } from '../../main/core/desktop/obligation-notifier'
import { obligationNoticeSource } from '../../main/core/desktop/obligation-source'
import { createNetworkGate } from '../../main/core/desktop/network-gate'
import { FakeIamServer, type FakeKey } from '../aws/fake-iam-server'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { runCli } from '../helpers/run-cli'
import { enterAccessKeyAndSplit, saveAndRenderSheets, scanBackAndHandOver, wizardStep } from '../helpers/issuance-wizard'
import {
  grantSeedRelease,
  presentersOf,
  seedStandardRelease,
  seedStandardVault,
  STANDARD_CUSTODIANS,
  STANDARD_USE_CASE as USE_CASE,
  withCeremonies,
} from '../helpers/ceremony-seed'

const HOUR = 3600_000
const OLD_KEY = 'AKIAIOSFODNN7EXAMPLE'
const TICKET = 'INC-4711'

const work = makeTempDir('custos-e2e-aftercare-')
const dataDir = join(work.path, 'vault')
const desktop = createFakeDesktopPort()
const clock = fixedClock('2026-04-02T01:00:00Z')
// The loopback IAM endpoint: the break-glass user's new key (re-issued below) and the operator's own key.
const iam = new FakeIamServer()
const network = createNetworkGate()
const gateSwitches: boolean[] = []
network.onChange((on) => gateSwitches.push(on))
let api: Api
const { must } = apiCaller(() => api)
let newKey: FakeKey
let operatorKey: FakeKey
let newSetPayloads = new Map<string, string>()
let e2e: E2eBrowser
let host: E2eBrowser['host']
let page: Page
let oldSetId = ''
let releaseId = ''
const pageProblems: string[] = []

let notifier: ReturnType<typeof createObligationNotifier>

async function seed(): Promise<void> {
  const seeded = await seedStandardVault(api, dataDir, clock, (ctx) => seedStandardRelease(ctx, { clock, workDir: join(work.path, 'sheets') }))
  oldSetId = seeded.setId
  releaseId = seeded.releaseId
  // 02:20: twenty minutes after the release, the revoke deadline (03:00) is still ahead.
  clock.advance(20 * 60_000)
}

const screenshot = (name: string, area: 'aftercare' | 'audit' = 'aftercare') => takeScreenshot(page, area, name)
const step = (title: string) => page.getByRole('region', { name: title })

async function stepIsDone(title: string): Promise<void> {
  await step(title).getByText('Done', { exact: true }).waitFor()
}

beforeAll(async () => {
  await iam.start()
  iam.addUser('break-glass')
  iam.addUser('olivia', { admin: true })
  newKey = iam.addKey('break-glass')
  operatorKey = iam.addKey('olivia')
  api = createApi({ dataDir, clock, desktop, network, iamEndpoint: iam.endpoint })
  // What main/app runs: the notifier reading the API's obligations, publishing to the window.
  notifier = createObligationNotifier({
    source: obligationNoticeSource(api),
    port: desktop,
    publish: (items) => host.emit('obligationsDue', { items }),
  })
  const [rendererDir] = await Promise.all([builtRenderer(), seed()])
  e2e = await openE2eBrowser({ api, rendererDir, problems: pageProblems, defaultTimeout: 15_000 })
  ;({ host, page } = e2e)
  await notifier.check()
})

afterAll(async () => {
  await e2e?.close()
  await iam.stop()
  work.cleanup()
})

describe('aftercare in Chromium', () => {
  it('lists the granted release with what is open, and opens its aftercare with revoke as the next step', async () => {
    await openScreen(page, host.url, 'aftercare', 'Aftercare')
    const row = page.getByRole('region', { name: 'Releases' }).getByRole('row', { name: new RegExp(TICKET) })
    await row.waitFor()
    expect(await row.textContent()).toMatch(/0 of 5 steps done.*Next: Revoke the released credential/)
    await page.getByText('No sheet of a retired set is waiting to be destroyed.').waitFor()
    await expectAxeClean(page)
    await screenshot('01-overview')

    await row.getByRole('link', { name: TICKET }).click()
    await page.getByRole('heading', { level: 1, name: `Aftercare: ${TICKET}` }).waitFor()
    const progress = page.getByRole('navigation', { name: 'Aftercare steps' })
    expect(await progress.textContent()).toContain('Next: 1. Revoke the released credential.')
    await step('Revoke the released credential').getByText('Next step').waitFor()
    expect(await step('Revoke the released credential').textContent()).toMatch(/Due .*\(in 40 minutes\)/)
    await step('Destroy the old sheets').getByText('Waiting', { exact: true }).waitFor()
    await expectAxeClean(page)
    await screenshot('02-release-start')
  })

  it('offers connected mode only behind an explicit "Connect to AWS IAM for this step" confirmation', async () => {
    await step('Revoke the released credential').getByRole('button', { name: 'Connect to AWS IAM for this step…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect to AWS IAM for this step' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('For this step only, it connects to AWS IAM and nothing else.')
    await dialog.getByLabel('Secret access key').waitFor()
    await expectAxeClean(page)
    await takeScreenshot(page, 'aftercare', '03-connect-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })
    // Nothing was asked of AWS: no connected-mode entry in the log.
    expect((await must('log.entries', { type: 'aws.connected-mode' })).entries).toEqual([])
  })

  it('revokes offline: shows the AWS CLI commands, copies one, and records what AWS answered', async () => {
    const revoke = step('Revoke the released credential')
    const commands = revoke.getByRole('group', { name: 'Offline: run these AWS CLI commands' })
    // This vault reaches IAM through an endpoint override (the loopback IAM here), so the commands name it.
    const endpoint = ` --endpoint-url ${iam.endpoint}`
    const deactivate = `aws iam update-access-key --user-name break-glass --access-key-id ${OLD_KEY} --status Inactive${endpoint}`
    await commands.getByText(deactivate).waitFor()
    await commands.getByText(`aws iam delete-access-key --user-name break-glass --access-key-id ${OLD_KEY}${endpoint}`).waitFor()
    await commands.getByRole('button', { name: 'Copy command 1' }).click()
    await commands.getByText('Copied').waitFor()
    expect(desktop.callsOf('clipboard').at(-1)!.request.text).toBe(deactivate)
    await screenshot('04-revoke-offline')

    const form = revoke.getByRole('form', { name: 'Then record what AWS did' })
    await form.getByLabel(`${OLD_KEY} was deactivated`, { exact: false }).check()
    await form.getByLabel('Request id').fill('6f1c2a4e-0d6b-4f55-9a3e-2f3f6a1b9c01')
    await form.getByRole('button', { name: 'Record what AWS did' }).click()
    await page.getByRole('status').filter({ hasText: `Recorded: ${OLD_KEY} deactivated in AWS IAM` }).waitFor()
    await stepIsDone('Revoke the released credential')
    expect((await must<{ obligations: { id: string }[] }>('obligations.list')).obligations.map((o) => o.id)).not.toContain(`revoke:${releaseId}`)

    // Then the deletion, once nothing broke.
    const del = revoke.getByRole('form', { name: 'Delete the key for good' })
    await del.getByLabel('Request id').fill('0b7d9e11-5a2c-4c3e-8f61-7a9d2e4b5c02')
    await del.getByRole('button', { name: 'Record what AWS did' }).click()
    await page.getByRole('status').filter({ hasText: `Recorded: ${OLD_KEY} deleted in AWS IAM` }).waitFor()
    const evidence = revoke.getByRole('list', { name: 'AWS evidence in the logbook' })
    await evidence.getByText(/delete of AWS key/).waitFor()
    expect(await evidence.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/deactivate of AWS key AKIAIOSFODNN7EXAMPLE \(break-glass\).*request 6f1c2a4e/),
      expect.stringMatching(/delete of AWS key AKIAIOSFODNN7EXAMPLE \(break-glass\).*request 0b7d9e11/),
    ])
    await step('Rotate the credential').getByText('Next step').waitFor()
    await expectAxeClean(page)
    await screenshot('05-revoke-done')
  })

  it('rotates offline: shows the commands and records the rotation evidence', async () => {
    const rotate = step('Rotate the credential')
    const commands = rotate.getByRole('group', { name: 'Offline: run these AWS CLI commands' })
    // One command creates the key and proves it (issue 17): its secret stays in shell variables.
    await commands.getByText(`aws iam create-access-key --user-name break-glass --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text --endpoint-url ${iam.endpoint}`).waitFor()
    await expectAxeClean(page)
    await screenshot('06-rotate-offline')
    await rotate.getByLabel('Rotation evidence').fill(`New key ${newKey.accessKeyId} created by Olivia Operator, change CHG-2201`)
    await rotate.getByRole('button', { name: 'Record the rotation' }).click()
    await page.getByRole('status').filter({ hasText: 'The rotation evidence was recorded' }).waitFor()
    await stepIsDone('Rotate the credential')
    expect(await rotate.textContent()).toContain(`New key ${newKey.accessKeyId} created by Olivia Operator, change CHG-2201`)
    await step('Issue the new set of sheets').getByText('Next step').waitFor()
    await screenshot('07-rotate-done')
  })

  it('re-issues the new key through the issuance wizard, after which the old set is retired', async () => {
    const reissue = step('Issue the new set of sheets')
    await expectAxeClean(page)
    await screenshot('08-reissue')
    clock.advance(HOUR)
    await reissue.getByRole('link', { name: 'Open the issuance wizard' }).click()
    // The wizard (the issuance screen's own e2e test covers it step by step), scanned back from images.
    await wizardStep(page, 1, 'Choose the method').waitFor()
    await page.getByRole('button', { name: 'Next: the credential' }).click()
    const newSetId = await enterAccessKeyAndSplit(page, { ...newKey, accountId: iam.accountId, userName: 'break-glass' })
    const scans = await saveAndRenderSheets(page, desktop, join(work.path, 'new-sheets.pdf'), join(work.path, 'new-pages'))
    // What the new sheets say, read from the scans (for the second release at the end): one page per share, in roster order.
    desktop.nextOpenPaths = scans
    const read = await must<{ images: { payloads: string[] }[] }>('sheets.importImages', {})
    newSetPayloads = new Map(['alice-martin', 'bob-keller', 'carol-weber'].map((id, i) => [id, read.images[i]!.payloads[0]!]))
    await scanBackAndHandOver(page, desktop, scans, STANDARD_CUSTODIANS.map(({ name }, i) => ({ name, bag: `TE-NEW-${i + 1}` })))
    await page.getByRole('button', { name: 'Next: activate the set' }).click()
    const group = (id: string) => `${id.slice(0, 4)}-${id.slice(4)}`
    await page.getByRole('button', { name: `Activate set ${group(newSetId)}` }).click()
    await page.getByRole('heading', { level: 2, name: `Set ${group(newSetId)} is active` }).waitFor()

    // Back to the release, the way a person would: Aftercare, then the incident.
    await page.getByRole('link', { name: 'Aftercare', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Aftercare' }).waitFor()
    await page.getByRole('link', { name: TICKET }).click()
    await page.getByRole('heading', { level: 1, name: `Aftercare: ${TICKET}` }).waitFor()
    await stepIsDone('Issue the new set of sheets')
    expect(await step('Issue the new set of sheets').textContent()).toContain(`Set ${group(newSetId)} was activated`)
    expect(await step('Issue the new set of sheets').textContent()).toContain(`set ${group(oldSetId)} was retired`)
    await step('Destroy the old sheets').getByText('Next step').waitFor()
  })

  it('destroys every sheet of the retired set in front of a witness', async () => {
    const destroy = step('Destroy the old sheets')
    const table = destroy.getByRole('table')
    expect(await table.getByText('To destroy').count()).toBe(3)
    await expectAxeClean(page)
    await screenshot('09-destroy')
    const form = destroy.getByRole('form', { name: /Record a destroyed sheet of set/ })
    await form.getByLabel('Witness').fill('Walter Witness')
    for (const [n, holder, left] of [
      [3, 'Carol Weber', '2 of its sheets left to destroy.'],
      [1, 'Alice Martin', '1 of its sheets left to destroy.'],
      [2, 'Bob Keller', 'No sheet of this set is left.'],
    ] as const) {
      await form.getByLabel('Sheet destroyed').selectOption({ label: `Share ${n}, copy 1: ${holder}, bag TE-${oldSetId}-${n}1` })
      await form.getByRole('button', { name: 'Record destroyed' }).click()
      await page.getByRole('status').filter({ hasText: `Sheet share ${n}, copy 1 of set` }).filter({ hasText: left }).waitFor()
    }
    await stepIsDone('Destroy the old sheets')
    const destroyed = (await must<{ sets: { setId: string; sheets: { destroyed?: { actor: string } }[] }[] }>('sets.list')).sets.find((s) => s.setId === oldSetId)!
    expect(destroyed.sheets.every((s) => s.destroyed)).toBe(true)
    await step('Post-incident review').getByText('Next step').waitFor()
    await screenshot('10-destroy-done')
  })

  it('completes the post-incident review; nothing is left open and the dashboard shows nothing due', async () => {
    const review = step('Post-incident review')
    expect(await review.textContent()).toContain('The logbook shows: revoked, rotated and re-issued.')
    await expectAxeClean(page)
    await screenshot('11-review')
    await review.getByLabel('Reviewer').fill('Lee Tanaka')
    await review.getByLabel('The release was justified').check()
    await review.getByLabel('Alternatives to breaking the glass were considered').check()
    await review.getByLabel('The credential was revoked and rotated, and new sheets issued').check()
    await review.getByLabel('Everything done with the credential is accounted for (CloudTrail, tickets)').check()
    await review.getByLabel('What went well').fill('Quorum in 12 minutes at 2 a.m.')
    await review.getByLabel('What to improve').fill('The rotation waited for the printer.')
    await review.getByLabel('Action items').fill('Spare printer with the vault laptop (Ops)\nSecond operator on call (SRE)')
    await review.getByRole('button', { name: 'Complete the review' }).click()
    await page.getByRole('status').filter({ hasText: `Aftercare of ${TICKET} is complete.` }).waitFor()
    await expectAxeClean(page)
    await screenshot('12-complete')

    expect((await must<{ obligations: unknown[] }>('obligations.list')).obligations).toEqual([])
    const reviewed = (await must('log.entries', { type: 'review.completed' })).entries[0].event
    expect(reviewed).toMatchObject({ reviewer: 'Lee Tanaka', justified: true, actionItems: ['Spare printer with the vault laptop (Ops)', 'Second operator on call (SRE)'] })

    await openScreen(page, host.url, 'aftercare', 'Aftercare')
    await page.getByRole('region', { name: 'Releases' }).getByText('Complete', { exact: true }).waitFor()
    await expectAxeClean(page)
    await screenshot('13-overview-complete')

    await notifier.check()
    await openScreen(page, host.url, 'dashboard', 'Dashboard')
    await page.getByRole('region', { name: 'Due and overdue' }).getByText('Nothing is due.').waitFor()
    expect(await page.getByRole('region', { name: 'Obligations needing action' }).count()).toBe(0)
    await expectAxeClean(page)
    await screenshot('14-dashboard-nothing-due')
  })
})

describe('audit in Chromium', () => {
  const pdfPath = join(work.path, 'custos-audit.pdf')

  it('exports the signed PDF, which the real `custos audit verify` accepts', async () => {
    await openScreen(page, host.url, 'audit', 'Audit')
    await expectAxeClean(page)
    await screenshot('01-audit', 'audit')
    desktop.nextSavePath = pdfPath
    await page.getByRole('button', { name: 'Export signed PDF…' }).click()
    const saved = page.getByRole('status').filter({ hasText: 'The signed audit PDF was saved.' })
    await saved.waitFor()
    expect(await saved.textContent()).toContain(pdfPath)
    await expectAxeClean(page)
    await screenshot('02-pdf-exported', 'audit')
    const cli = await runCli(['audit', 'verify', pdfPath, '--data-dir', dataDir])
    expect(cli.code, cli.stderr).toBe(0)
    expect(cli.stdout).toContain('VERIFIED')
    expect(execFileSync('pdfsig', [pdfPath], { encoding: 'utf8' })).toContain('Signature is Valid.')
  })

  it('exports the evidence bundle for one period, and says so when the dialog is cancelled', async () => {
    const dir = join(work.path, 'bundle')
    desktop.nextSavePath = dir
    await page.getByLabel('From (optional)', { exact: true }).fill('2026-04-02')
    await page.getByLabel('To (optional)', { exact: true }).fill('2026-04-02')
    await page.getByRole('button', { name: 'Export evidence bundle…' }).click()
    await page.getByRole('status').filter({ hasText: 'The evidence bundle was saved.' }).waitFor()
    expect(readdirSync(dir)).toContain('SHA256SUMS')
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' })).toMatch(/\.pdf: OK/)

    desktop.nextSavePath = undefined
    await page.getByRole('button', { name: 'Export signed PDF…' }).click()
    await page.getByRole('status').filter({ hasText: 'Nothing was saved: the dialog was cancelled.' }).waitFor()
  })

  it('exports the root certificate with the fingerprint to read out to auditors', async () => {
    const pem = join(work.path, 'audit-root.pem')
    desktop.nextSavePath = pem
    await page.getByRole('button', { name: 'Export root certificate…' }).click()
    const saved = page.getByRole('status').filter({ hasText: 'The root certificate was saved.' })
    await saved.waitFor()
    expect(readFileSync(pem, 'utf8')).toBe(readFileSync(join(dataDir, 'audit-root-cert.pem'), 'utf8'))
    const fingerprint = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', pem], { encoding: 'utf8' }).trim().split('=')[1]!
    expect(await saved.textContent()).toContain(fingerprint)
    await expectAxeClean(page)
    await screenshot('03-root-cert', 'audit')
  })

  it('verifies an export given to the app, and shows a tampered copy as failed with what to do', async () => {
    desktop.nextOpenPaths = [pdfPath]
    await page.getByRole('button', { name: 'Choose a PDF to verify…' }).click()
    const ok = page.getByRole('status').filter({ hasText: 'custos-audit.pdf verifies.' })
    await ok.waitFor()
    expect(await ok.getByRole('list', { name: 'Checks' }).getByRole('listitem').count()).toBe(7)
    await expectAxeClean(page)
    await screenshot('04-verified', 'audit')

    const tampered = readFileSync(pdfPath)
    const at = Math.floor(Number(/\/ByteRange\s*\[\s*0\s+(\d+)/.exec(tampered.toString('latin1'))![1]) / 2)
    tampered[at] = tampered[at]! ^ 0x01
    const tamperedPath = join(work.path, 'tampered.pdf')
    writeFileSync(tamperedPath, tampered)
    desktop.nextOpenPaths = [tamperedPath]
    await page.getByRole('button', { name: 'Choose a PDF to verify…' }).click()
    const failed = page.getByRole('alert').filter({ hasText: 'tampered.pdf does not verify: the “Signature” check failed.' })
    await failed.waitFor()
    expect(await failed.textContent()).toContain('What to do: The file was changed after the vault signed it.')
    expect(await failed.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^✓File: passed: a PDF of/),
      '✕Signature: failed',
      '–Whole file: not checked, because an earlier check failed',
      '–Signer: not checked, because an earlier check failed',
      '–Embedded log: not checked, because an earlier check failed',
      '–Cover figures: not checked, because an earlier check failed',
      '–Trusted through: not checked, because an earlier check failed',
    ])
    await expectAxeClean(page)
    await screenshot('05-tampered', 'audit')
  })

})

describe('connected aftercare in Chromium', () => {
  it('revokes a second release in connected mode, signed by the operator’s own key, and wipes the credential', async () => {
    const secondRelease = await withCeremonies(dataDir, clock, (ctx) =>
      grantSeedRelease(ctx, {
        methodId: 'aws-prod',
        useCase: USE_CASE,
        ticket: 'INC-4712',
        presenters: presentersOf(newSetPayloads, ['alice-martin', 'carol-weber']),
      }),
    )
    await openScreen(page, host.url, `aftercare/${secondRelease}`, 'Aftercare: INC-4712')
    const revoke = step('Revoke the released credential')
    await revoke.getByRole('button', { name: 'Connect to AWS IAM for this step…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect to AWS IAM for this step' })
    await dialog.getByLabel('Access key id').fill(operatorKey.accessKeyId)
    await dialog.getByLabel('Secret access key').fill(operatorKey.secretAccessKey)
    await dialog.getByLabel('AWS account id').fill(iam.accountId)
    await dialog.getByLabel('Its IAM user name').fill('olivia')
    await dialog.getByLabel(`Also delete ${newKey.accessKeyId} after deactivating it`, { exact: false }).check()
    await dialog.getByRole('button', { name: 'Connect and revoke' }).click()
    await dialog.getByRole('status').filter({ hasText: `${newKey.accessKeyId} is deleted.` }).waitFor()
    // The credential is gone from the form as soon as the call ended.
    for (const label of ['Access key id', 'Secret access key', 'AWS account id', 'Its IAM user name']) {
      expect(await dialog.getByLabel(label).inputValue()).toBe('')
    }
    expect(await page.content()).not.toContain(operatorKey.secretAccessKey)
    // The step behind turns done from the log, and the dialog keeps its answer until closed.
    await stepIsDone('Revoke the released credential')
    expect(await dialog.getByRole('status').textContent()).toMatch(/is deleted\./)
    expect(await dialog.getByLabel(`Also delete ${newKey.accessKeyId} after deactivating it`, { exact: false }).isChecked()).toBe(true)
    await expectAxeClean(page)
    await takeScreenshot(page, 'aftercare', '15-connected-revoke', { fullPage: false })
    await dialog.getByRole('button', { name: 'Close' }).click()
    await dialog.waitFor({ state: 'detached' })

    // AWS really refuses the key now, every call was signed by the operator, and the gate opened once.
    expect(iam.keys.has(newKey.accessKeyId)).toBe(false)
    expect(new Set(iam.requests.map((r) => r.accessKeyId))).toEqual(new Set([operatorKey.accessKeyId]))
    expect(gateSwitches).toEqual([true, false])
    expect(network.isConnected()).toBe(false)
    const modes = (await must('log.entries', { type: 'aws.connected-mode' })).entries.map((e: { event: { state: string } }) => e.event.state)
    expect(modes).toEqual(['on', 'off'])
    await screenshot('16-connected-revoke-done')
  })

  it('ran under the strict CSP with no script errors and no request off the loopback host', () => {
    expect(pageProblems).toEqual([])
  })
})
