// End to end: a setup that cannot trap (issue 16), in Debian's Chromium with the real backend
// behind the loopback host. A method no roster can issue is refused in words; the Sheets step
// says when there are too few custodians instead of showing errors, refuses a hand-made
// assignment naming the people, beside the button with focus there; leaving the wizard with a
// credential entered asks first; scan-back counts only sheets decoded, each as its own copy.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createApi } from '../../main/core/api/create-api'
import { systemClock } from '../../main/core/clock'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, openSection, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { seedCustodians, seedMethod, seedStandardVault } from '../helpers/ceremony-seed'
import { EXTRA_CUSTODIANS } from '../helpers/e2e-operator'
import { saveAndRenderSheets, wizardStep } from '../helpers/issuance-wizard'

const work = makeTempDir('custos-e2e-setup-')
const dataDir = join(work.path, 'vault')
const desktop = createFakeDesktopPort()
const api = createApi({ dataDir, clock: systemClock, desktop })
let e2e: E2eBrowser
let page: Page
const problems: string[] = []
const screenshot = (name: string) => takeScreenshot(page, 'setup', name)

const KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: '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', accountId: '123456789012', userName: 'break-glass' }

beforeAll(async () => {
  await seedStandardVault(api, dataDir, systemClock, (ctx) => {
    seedCustodians(ctx, EXTRA_CUSTODIANS)
    // Defined before the form refused such policies: 5 shares x 2 copies need 10 custodians.
    seedMethod(ctx, { methodId: 'too-wide', name: 'Too wide a method', scope: 'AWS 111122223333', ownerTeam: 'Cloud platform', useCases: ['Recover'], access: 'Admin', policy: { threshold: 3, total: 5, copies: 2 } })
    seedMethod(ctx, { methodId: 'dr-key', name: 'DR key', scope: 'AWS 555566667777', ownerTeam: 'Cloud platform', useCases: ['Recover the DR account'], access: 'Admin', policy: { threshold: 2, total: 2, copies: 2 } })
  })
  e2e = await openE2eBrowser({ api, rendererDir: await builtRenderer(), problems, defaultTimeout: 20_000 })
  page = e2e.page
  await page.setViewportSize({ width: 1024, height: 700 })
}, 240_000)

afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

async function toSheetsStep(method: RegExp): Promise<void> {
  await openScreen(page, e2e.host.url, 'issuance/new', 'Issue a set of sheets')
  await page.getByRole('radio', { name: method }).check()
  await page.getByRole('button', { name: 'Next: the credential' }).click()
  const form = page.getByRole('form', { name: 'Credential' })
  await form.getByLabel('Access key ID').fill(KEY.accessKeyId)
  await form.getByLabel('Secret access key', { exact: true }).fill(KEY.secretAccessKey)
  await form.getByLabel('AWS account ID').fill(KEY.accountId)
  await form.getByLabel('IAM user name').fill(KEY.userName)
  await form.getByRole('button', { name: 'Next: sheets and custodians' }).click()
  await wizardStep(page, 3, 'Sheets and custodians').waitFor()
}

describe('a setup that cannot trap', () => {
  it('says how many custodians a method needs and refuses one the roster cannot issue, in words', async () => {
    await openScreen(page, e2e.host.url, 'custodians', 'Custodians & methods')
    await openSection(page, 'Add a method')
    const form = page.getByRole('form', { name: 'Add a method' })
    await form.getByLabel('Name', { exact: true }).fill('Payments vault root')
    await form.getByLabel('Scope').fill('Vault cluster payments')
    await form.getByLabel('Access it grants').fill('Root token')
    await form.getByLabel('Owner team').fill('Payments platform')
    await form.getByLabel('Permitted use cases').fill('Unseal after an outage')
    await form.getByLabel('Sheets needed').fill('3')
    await form.getByLabel('Shares', { exact: true }).fill('5')
    await form.getByLabel('Copies of each').fill('2')
    await form.getByText('This quorum needs 10 custodians (5 shares × 2 copies, one sheet each); the roster has 5, so 5 more must be added').waitFor()
    await form.getByRole('button', { name: 'Add method' }).click()
    await form.getByRole('alert').getByText(/5 shares × 2 copies need 10 custodians, one sheet each, and the roster has 5/).waitFor()
    expect(await form.getByLabel('Copies of each').getAttribute('aria-invalid')).toBe('true')
    expect(await form.textContent()).not.toMatch(/<=|K=|N=/)
    await expectAxeClean(page)
    await screenshot('method-refused-1024x700')
    await form.getByLabel('Copies of each').fill('1')
    await form.getByRole('button', { name: 'Add method' }).click()
    const saved = page.getByRole('status').filter({ hasText: 'Payments vault root (payments-vault-root) is defined.' })
    await saved.waitFor()
    // The next step is a link, not a dead end.
    expect(await saved.getByRole('link', { name: 'Issue sheets for Payments vault root' }).getAttribute('href')).toBe('#/issuance/new')
  })

  it('says the Sheets step cannot be issued with too few custodians, without a wall of errors, and links to the fix', async () => {
    await toSheetsStep(/Too wide a method/)
    const notice = page.getByText('These sheets cannot be issued yet: they need 10 custodians, and the roster has 5.')
    await notice.waitFor()
    expect(await page.getByRole('button', { name: 'Split and create the sheets' }).isDisabled()).toBe(true)
    expect(await page.locator('.field-error').count()).toBe(0)
    expect(await page.getByRole('link', { name: /Add custodians, or lower the shares or copies of Too wide a method/ }).count()).toBe(1)
    await expectAxeClean(page)
    await screenshot('sheets-too-few-1024x700')
  })

  it('asks before leaving the wizard with a credential entered', async () => {
    await toSheetsStep(/DR key/)
    await page.getByRole('link', { name: 'Dashboard' }).click()
    const dialog = page.getByRole('dialog', { name: 'Leave without issuing the sheets?' })
    await dialog.waitFor()
    await expectAxeClean(page)
    await screenshot('leave-warning-1024x700')
    await dialog.getByRole('button', { name: 'Stay and finish' }).click()
    await wizardStep(page, 3, 'Sheets and custodians').waitFor()
    expect(page.url()).toContain('#/issuance')
    await page.getByRole('link', { name: 'Dashboard' }).click()
    await page.getByRole('dialog', { name: 'Leave without issuing the sheets?' }).getByRole('button', { name: 'Leave and discard the credential' }).click()
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
  })

  it('refuses a hand-made assignment that lets fewer people recover, naming them beside the button', async () => {
    await toSheetsStep(/DR key/)
    // Share 2 copy 1 to Alice Martin, who already holds share 1 copy 1: alone she holds both shares.
    await page.getByLabel('Share 2, copy 1').selectOption({ label: 'Alice Martin (Operations)' })
    await page.getByRole('button', { name: 'Split and create the sheets' }).click()
    const refusal = page.getByRole('alert').filter({ hasText: 'The sheets were not created.' })
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('Alice Martin alone would hold 2 different shares')
    expect(await refusal.textContent()).not.toMatch(/alice-martin/)
    expect(await page.evaluate(() => document.activeElement?.classList.contains('form-summary'))).toBe(true)
    const box = (await refusal.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeLessThan(700)
    await screenshot('assignment-refused-1024x700')
  })

  it('counts a printed sheet seen only when it is decoded, as exactly that copy', async () => {
    // Back to the proposed assignment (one sheet per custodian), then split and print.
    await toSheetsStep(/DR key/)
    // Anonymous sheets (issue 18): no custodian, vault or method name on the paper.
    await page.getByLabel('Leave custodian and vault names off the sheets').check()
    await page.getByRole('button', { name: 'Split and create the sheets' }).click()
    await wizardStep(page, 4, 'Print the sheets').waitFor()
    const pdf = join(work.path, 'dr.pdf')
    const scans = await saveAndRenderSheets(page, desktop, pdf, join(work.path, 'scans'))
    const printed = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })
    for (const name of ['DR key', 'Payments production', 'Alice Martin', 'Bob Keller', 'Carol Weber', 'Dan Fischer', 'Eve Brunner']) expect(printed).not.toContain(name)
    // Sheet 1's custody record (page 2), scanned by a duplex scanner along with the face of sheet 2.
    execFileSync('pdftoppm', ['-r', '150', '-f', '2', '-l', '2', '-singlefile', '-png', pdf, join(work.path, 'back-1')])
    await page.getByRole('button', { name: 'Next: scan back the printed sheets' }).click()
    // Only share 1 copy 2 (sheet 2) is scanned, with a custody record that is set aside.
    desktop.nextOpenPaths = [scans[1]!, join(work.path, 'back-1.png')]
    await page.getByRole('button', { name: 'Import images…' }).click()
    await page.getByText('back-1.png: the custody record on the back of sheet 1.1, set aside.').waitFor()
    await page.getByRole('heading', { name: 'Sheets seen: 1 of 4' }).waitFor()
    const row = (name: string) => page.getByRole('row', { name: new RegExp(`^${name}`) })
    const copy2 = await row('Share 1, copy 2').textContent()
    const copy1 = await row('Share 1, copy 1').textContent()
    // A sheet with its copy number is counted as that copy; an older sheet as the next copy not yet seen.
    const exact = copy2?.includes('Seen')
    expect(exact ? copy1 : copy2).toContain('Not yet')
    // Nothing else is counted without being decoded: no "Next sheet" press makes a copy seen.
    expect(await page.getByRole('button', { name: 'Next sheet' }).count()).toBe(exact ? 0 : 1)
    await page.getByRole('heading', { name: 'Sheets seen: 1 of 4' }).waitFor()
    await expectAxeClean(page)
    await screenshot('scan-back-exact-1024x700')
    expect(problems).toEqual([])
  })
})
