// End to end: the built renderer in Debian's Chromium, with the real backend behind the
// loopback host (same createApi + dispatch as the Electron IPC bridge), a vault seeded in a
// temp dir through the ceremony services (method, custodians, a scanned-back and activated
// set, a granted release), a clock the test moves, axe-core on every screen and a
// screenshot of each under test/artifacts/desktop/.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, openSection, screenshot as takeScreenshot, watchPage, type Chromium, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock, systemClock } from '../../main/core/clock'
import { createObligationNotifier } from '../../main/core/desktop/obligation-notifier'
import { obligationNoticeSource } from '../../main/core/desktop/obligation-source'
import { recordRevoked } from '../../main/core/ceremonies/release'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { startLoopbackHost, type LoopbackHost } from '../helpers/loopback-host'
import { makeTempDir } from '../helpers/temp-dir'
import {
  EXAMPLE_SECRET as SECRET,
  seedStandardRelease,
  seedStandardVault,
  STANDARD_USE_CASE as USE_CASE,
  withCeremonies,
} from '../helpers/ceremony-seed'

const HOUR = 3600_000

const work = makeTempDir('custos-e2e-')
const dataDir = join(work.path, 'vault')
const emptyDir = join(work.path, 'empty-vault')
const desktop = createFakeDesktopPort()
// The vault's own time: the release is granted at 02:00 and its revoke deadline (1 hour) passes.
const clock = fixedClock('2026-04-02T01:00:00Z')
const api = createApi({ dataDir, clock, desktop })
const { must } = apiCaller(api)
let e2e: E2eBrowser
let host: LoopbackHost
let emptyHost: LoopbackHost
let browser: Chromium
let page: Page
let activeSetId = ''
let releaseId = ''
const pageProblems: string[] = []

// What main/app runs: the notifier reading the API's obligations, publishing to the window.
const notifier = createObligationNotifier({
  source: obligationNoticeSource(api),
  port: desktop,
  publish: (items) => host.emit('obligationsDue', { items }),
})

async function seed(): Promise<void> {
  const seeded = await seedStandardVault(api, dataDir, clock, (ctx) => seedStandardRelease(ctx, { clock, workDir: join(work.path, 'sheets') }))
  activeSetId = seeded.setId
  releaseId = seeded.releaseId
  // 04:00: the revoke deadline (03:00) has passed; rotate (next day) and review are still due.
  clock.advance(2 * HOUR)
}

const groupSetId = (setId: string) => `${setId.slice(0, 4)}-${setId.slice(4)}`

const focused = (target: Page) => target.evaluate(() => document.activeElement?.id || document.activeElement?.textContent)
const focusedLabel = (target: Page) => target.evaluate(() => document.activeElement?.getAttribute('aria-label'))
const openScreenAt = (target: Page, route: string, heading: string, base = host.url) => openScreen(target, base, route, heading)
const screenshot = (target: Page, name: string, options?: { fullPage?: boolean }) => takeScreenshot(target, 'desktop', name, options)
const watch = (target: Page) => watchPage(target, () => [host.url, emptyHost.url], pageProblems)

beforeAll(async () => {
  const [rendererDir] = await Promise.all([builtRenderer(), seed()])
  e2e = await openE2eBrowser({ api, rendererDir, problems: pageProblems, otherOrigins: () => [emptyHost.url] })
  ;({ host, browser, page } = e2e)
  emptyHost = await startLoopbackHost({ api: createApi({ dataDir: emptyDir, clock: systemClock, desktop }), rendererDir })
  await notifier.check()
})

afterAll(async () => {
  await e2e?.close()
  await emptyHost?.close()
  work.cleanup()
})

describe('desktop shell in Chromium', () => {
  it('walks a first-time user through creating a vault', async () => {
    const first = await browser.context.newPage()
    watch(first)
    await first.goto(emptyHost.url)
    await first.getByRole('heading', { level: 1, name: 'Create your vault' }).waitFor()
    await expectAxeClean(first)
    await screenshot(first, 'onboarding')
    await first.getByLabel('Vault name').fill('Staging break-glass')
    // Optional: the person setting it up, whom the logbook then names as creating the vault.
    await first.getByLabel('Your name').fill('Dana Lead')
    await first.getByRole('button', { name: 'Create vault' }).click()
    await first.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    await first.getByText('Staging break-glass', { exact: true }).waitFor()
    await first.getByText('Nothing is due.').waitFor()
    await first.getByText('No break-glass method is defined yet.').waitFor()
    await openScreenAt(first, 'custodians', 'Custodians & methods', emptyHost.url)
    await first.getByText('No custodians yet.').waitFor()
    await expectAxeClean(first)
    await screenshot(first, 'custodians-empty')
    await openScreenAt(first, 'logbook', 'Logbook', emptyHost.url)
    await first.getByRole('button', { name: /Entry 1: Vault created/ }).waitFor()
    const created = first.getByRole('table', { name: 'Logbook entries' }).getByRole('row').filter({ hasText: 'Vault created' })
    expect(((await created.getByRole('cell').nth(3).textContent()) ?? '').trim()).toBe('Dana Lead')
    await first.close()
  })

  it('shows the obligations the seeded logbook implies, with deadlines, and each method with its active set', async () => {
    await openScreenAt(page, 'dashboard', 'Dashboard')
    const { size } = await must<{ size: number }>('log.entries', { limit: 1 })
    const health = page.getByRole('region', { name: 'Vault health' })
    await health.getByText('Verified').waitFor()
    expect(await health.textContent()).toContain(`Entries${size}`)
    const checkpoint = page.getByRole('region', { name: 'Latest checkpoint' })
    await checkpoint.getByRole('img', { name: new RegExp(`QR code of the checkpoint at entry ${size}`) }).waitFor()

    const due = page.getByRole('region', { name: 'Due and overdue' })
    const items = due.getByRole('listitem')
    await items.first().waitFor()
    expect(await items.allTextContents()).toEqual([
      expect.stringMatching(/^OverdueRevoke the credential released for INC-4711Olivia Operator received it at .*Was due .*\(1 hour ago\)Open aftercare$/),
      expect.stringMatching(/^DueRotate and re-issue after INC-4711Still to do: rotate the credential and issue and activate a new set of sheets .*Deadline .*\(in 22 hours\)Open aftercare$/),
      expect.stringMatching(/^DuePost-incident review of INC-4711.*Deadline .*\(in 5 days\)Complete the review$/),
    ])
    // The deadlines are the ones the release recorded (grant at 02:00 + 1 h / 24 h / 5 days).
    expect(await due.locator('.obligation-deadline time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')))).toEqual([
      '2026-04-02T03:00:00.000Z',
      '2026-04-03T02:00:00.000Z',
      '2026-04-07T02:00:00.000Z',
    ])

    const methods = page.getByRole('region', { name: 'Methods and active sets' })
    const row = methods.getByRole('row', { name: /AWS production break-glass key/ })
    expect(await row.textContent()).toContain(`Active set ${groupSetId(activeSetId)}`)
    expect(await row.textContent()).toContain('2 of 3')
    await expectAxeClean(page)
    await screenshot(page, 'dashboard-light')
  })

  it('notifies and raises the banner for real obligations, again when one turns overdue, and drops one once met', async () => {
    expect(desktop.callsOf('notify').map((c) => c.notification.title)).toEqual([
      'Overdue: Revoke the credential released for INC-4711',
      'Due: Rotate and re-issue after INC-4711',
      'Due: Post-incident review of INC-4711',
    ])
    // The banner shows on every screen but the dashboard, which lists each obligation itself (once).
    await openScreenAt(page, 'logbook', 'Logbook')
    const banner = page.getByRole('region', { name: 'Obligations needing action' })
    await banner.getByText('Revoke the credential released for INC-4711').waitFor()
    expect(await banner.textContent()).toContain('1 overdue: 3 obligations need action')
    expect(await banner.getByRole('link', { name: 'Open aftercare' }).first().getAttribute('href')).toBe(`#/aftercare/${releaseId}`)

    // A day later the rotate deadline has passed too: notified once more, banner and list follow.
    clock.advance(24 * HOUR)
    await notifier.check()
    expect(desktop.callsOf('notify').at(-1)!.notification).toMatchObject({ title: 'Overdue: Rotate and re-issue after INC-4711', urgency: 'critical' })
    await banner.getByText('2 overdue: 3 obligations need action').waitFor()
    await openScreenAt(page, 'dashboard', 'Dashboard')
    expect(await page.getByRole('region', { name: 'Obligations needing action' }).count()).toBe(0)
    const due = page.getByRole('region', { name: 'Due and overdue' })
    await due.getByRole('listitem').filter({ hasText: 'Rotate and re-issue' }).getByText('Overdue').waitFor()
    await expectAxeClean(page)
    await screenshot(page, 'dashboard-obligations')

    // The operator records the revocation: the logbook now shows it met, so it leaves both lists.
    await withCeremonies(dataDir, clock, (ctx) => recordRevoked(ctx, releaseId, 'UpdateAccessKey Inactive, request id 1f2e-77'))
    const notificationsBefore = desktop.callsOf('notify').length
    await notifier.check()
    await due.getByRole('listitem').filter({ hasText: 'Revoke the credential' }).waitFor({ state: 'detached' })
    await openScreenAt(page, 'logbook', 'Logbook')
    await banner.getByText('1 overdue: 2 obligations need action').waitFor()
    expect(desktop.callsOf('notify')).toHaveLength(notificationsBefore)
  })

  it('shows the roster with who holds which sheet, and each method with its scope, owner, use cases, policy and active set', async () => {
    await openScreenAt(page, 'custodians', 'Custodians & methods')
    const roster = page.getByRole('region', { name: 'Roster' })
    const alice = roster.getByRole('row', { name: /Alice Martin/ })
    expect(await alice.textContent()).toContain(`AWS production break-glass keyshare 1, copy 1 of set ${groupSetId(activeSetId)}`)
    expect(await alice.textContent()).toContain('+41 44 000 00 01')
    expect(await roster.getByRole('row', { name: /Carol Weber/ }).textContent()).toContain('share 3, copy 1')

    const method = page.getByRole('article', { name: /AWS production break-glass key/ })
    const text = await method.textContent()
    for (const expected of [
      `Active set ${groupSetId(activeSetId)}`,
      'AWS 123456789012 production',
      'AdministratorAccess on the production account',
      'Cloud platform',
      USE_CASE,
      'Repair IAM after a lockout',
      '2 of 3 shares, 1 copy of each',
      'revoke within 1 hour, rotate within 24 hours, review within 5 days',
      'every 90 days',
    ]) {
      expect(text).toContain(expected)
    }
    await expectAxeClean(page)
    await screenshot(page, 'custodians')
  })

  it('adds a custodian by keyboard alone, and the logbook records it', async () => {
    await openScreenAt(page, 'dashboard', 'Dashboard')
    // From the top of the page (the dashboard's obligations now follow its heading, each with a link).
    await page.getByRole('link', { name: 'Skip to content' }).focus()
    expect(await focused(page)).toBe('Skip to content')
    // Dashboard, Break glass, Issue sheets, Drill, Aftercare, Audit, Logbook, Custodians & methods
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('Custodians & methods')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Custodians & methods' }).waitFor()
    await page.getByRole('button', { name: 'Retire Carol Weber' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    // Through each custodian's Edit and Retire to the form.
    const stops: (string | null | undefined)[] = []
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab')
      stops.push((await focusedLabel(page)) ?? (await focused(page)))
    }
    expect(stops).toEqual(['Edit Alice Martin', 'Retire Alice Martin', 'Edit Bob Keller', 'Retire Bob Keller', 'Edit Carol Weber', 'Retire Carol Weber', 'Review the roster'])
    // The form is folded (nothing is missing from the setup): Enter on its heading's button opens it.
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('add-custodian-toggle')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('custodian-name')
    await page.keyboard.type('Dana Lee')
    await page.keyboard.press('Tab')
    await page.keyboard.type('+41 44 000 00 04')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Security')
    await page.keyboard.press('Enter')

    const status = page.getByRole('status').filter({ hasText: 'Dana Lee (dana-lee) joined the roster.' })
    await status.waitFor()
    const seq = Number(/logbook entry (\d+)/.exec((await status.textContent())!)![1])
    await page.getByRole('region', { name: 'Roster' }).getByRole('row', { name: /Dana Lee/ }).getByText('No sheets').waitFor()

    // The backend's own log shows the entry, signed, at the sequence number the UI announced.
    const log = await must<{ entries: { seq: number; actor: string; event: Record<string, unknown> }[] }>('log.entries', { type: 'custodian.added', newestFirst: true, limit: 1 })
    expect(log.entries[0]).toMatchObject({ seq, event: { type: 'custodian.added', custodianId: 'dana-lee', name: 'Dana Lee', contact: '+41 44 000 00 04', team: 'Security' } })

    // And so does the Logbook screen, reached from the notice's link.
    await status.getByRole('link', { name: 'Open the Logbook' }).click()
    await page.getByRole('heading', { level: 1, name: 'Logbook' }).waitFor()
    await page.getByLabel('Type').selectOption('custodian.added')
    await page.getByRole('button', { name: `Entry ${seq}: Custodian added` }).click()
    const detail = page.getByRole('region', { name: `Entry ${seq}` })
    // In words and as fields, with the raw canonical JSON one click away.
    expect(await detail.getByLabel('What the entry records').textContent()).toContain('Dana Lee')
    await detail.getByText('Raw entry (canonical JSON)').click()
    expect(await detail.getByLabel('The entry as signed').textContent()).toContain('"name": "Dana Lee"')
  })

  it('puts the backend’s refusals on the fields they concern: missing fields, an id already taken', async () => {
    await openScreenAt(page, 'custodians', 'Custodians & methods')
    await openSection(page, 'Add a custodian')
    const form = page.getByRole('form', { name: 'Add a custodian' })
    await form.getByRole('button', { name: 'Add custodian' }).click()
    await form.getByRole('alert').getByText('The custodian was not added.').waitFor()
    expect(await focused(page)).toBe('custodian-name')
    for (const label of ['Name', 'Contact', 'Team']) {
      const field = form.getByLabel(label, { exact: true })
      expect(await field.getAttribute('aria-invalid')).toBe('true')
      expect(await field.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent)).toBe('This is required.')
    }
    await form.getByLabel('Name', { exact: true }).fill('Alice Martin')
    await form.getByLabel('Contact', { exact: true }).fill('+41 44 000 00 09')
    await form.getByLabel('Team', { exact: true }).fill('Operations')
    await form.getByRole('button', { name: 'Add custodian' }).click()
    await form.getByText('A custodian with id "alice-martin" already exists.').first().waitFor()
    expect(await form.getByLabel('ID (optional)').getAttribute('aria-invalid')).toBe('true')
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBeNull()
    await expectAxeClean(page)
    await screenshot(page, 'custodians-errors')
    // Nothing was recorded for the refused attempts.
    const log = await must<{ entries: unknown[] }>('log.entries', { type: 'custodian.added', limit: 100 })
    expect(log.entries).toHaveLength(4)
  })

  it('defines a method in the UI, refusing an impossible quorum first', async () => {
    await openScreenAt(page, 'custodians', 'Custodians & methods')
    await openSection(page, 'Add a method')
    const form = page.getByRole('form', { name: 'Add a method' })
    await form.getByLabel('Name', { exact: true }).fill('Payments database admin')
    await form.getByLabel('Scope').fill('Aurora cluster payments-prod')
    await form.getByLabel('Access it grants').fill('Master user of the cluster')
    await form.getByLabel('Owner team').fill('Data platform')
    await form.getByLabel('Permitted use cases').fill('Recover from a failed migration\nRotate the master password')
    await form.getByLabel('Sheets needed').fill('4')
    await form.getByLabel('Shares').fill('3')
    await form.getByRole('button', { name: 'Add method' }).click()
    await form.getByRole('alert').getByText('The method was not added.').waitFor()
    expect(await focused(page)).toBe('method-threshold')
    expect(await form.getByLabel('Sheets needed').getAttribute('aria-invalid')).toBe('true')

    expect(await form.getByRole('alert').textContent()).toContain('4 sheets needed is more than the 3 shares there are')

    // 3 shares x 2 copies need 6 custodians, one sheet each; the roster has 4: refused, in words.
    await form.getByLabel('Sheets needed').fill('2')
    expect(await form.textContent()).toContain('This quorum needs 6 custodians (3 shares × 2 copies, one sheet each); the roster has 4, so 2 more must be added')
    await form.getByRole('button', { name: 'Add method' }).click()
    await form.getByRole('alert').getByText(/need 6 custodians, one sheet each, and the roster has 4/).waitFor()
    expect(await form.getByLabel('Copies of each').getAttribute('aria-invalid')).toBe('true')
    await form.getByLabel('Copies of each').fill('1')
    await form.getByRole('button', { name: 'Add method' }).click()
    await page.getByRole('status').getByText('Payments database admin (payments-database-admin) is defined.', { exact: false }).waitFor()
    const method = page.getByRole('article', { name: /Payments database admin/ })
    expect(await method.textContent()).toContain('No active set')
    expect(await method.textContent()).toContain('2 of 3 shares, 1 copy of each')
    expect(await method.textContent()).toContain('Rotate the master password')
    await expectAxeClean(page)
    await screenshot(page, 'custodians-method-added')

    await openScreenAt(page, 'dashboard', 'Dashboard')
    const row = page.getByRole('region', { name: 'Methods and active sets' }).getByRole('row', { name: /Payments database admin/ })
    expect(await row.textContent()).toContain('No active set')
  })

  it('edits a custodian’s contact by keyboard alone, prefilled, and the logbook records custodian.updated', async () => {
    await openScreenAt(page, 'custodians', 'Custodians & methods')
    await page.getByRole('button', { name: 'Edit Alice Martin' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    // The next setup step comes first (the method defined above has no set yet), then the roster.
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('Issue its first set')
    await page.keyboard.press('Tab')
    expect(await focusedLabel(page)).toBe('Edit Alice Martin')

    // Escape closes the dialog without saving and gives focus back to the button.
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Edit Alice Martin' })
    await dialog.waitFor()
    expect(await focused(page)).toBe('edit-custodian-name')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await focusedLabel(page)).toBe('Edit Alice Martin')

    await page.keyboard.press('Enter')
    await dialog.waitFor()
    expect(await dialog.getByLabel('Name', { exact: true }).inputValue()).toBe('Alice Martin')
    expect(await dialog.getByLabel('Team', { exact: true }).inputValue()).toBe('Operations')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('edit-custodian-contact')
    expect(await dialog.getByLabel('Contact', { exact: true }).inputValue()).toBe('+41 44 000 00 01')
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type('+41 79 555 01 01 (mobile)')
    await expectAxeClean(page)
    await screenshot(page, 'custodian-edit-dialog', { fullPage: false })
    await page.keyboard.press('Enter')

    const status = page.getByRole('status').filter({ hasText: 'Alice Martin’s details were saved.' })
    await status.waitFor()
    await dialog.waitFor({ state: 'detached' })
    const seq = Number(/logbook entry (\d+)/.exec((await status.textContent())!)![1])
    const row = page.getByRole('region', { name: 'Roster' }).getByRole('row', { name: /Alice Martin/ })
    await row.getByText('+41 79 555 01 01 (mobile)').waitFor()
    expect(await focusedLabel(page)).toBe('Edit Alice Martin')

    // Only the changed field was sent, so the entry records just the new contact.
    const log = await must<{ entries: { seq: number; event: Record<string, unknown> }[] }>('log.entries', { type: 'custodian.updated', newestFirst: true, limit: 1 })
    expect(log.entries[0]).toMatchObject({ seq })
    expect(log.entries[0]!.event).toEqual({ type: 'custodian.updated', custodianId: 'alice-martin', contact: '+41 79 555 01 01 (mobile)' })
    await screenshot(page, 'custodian-edited')
  })

  it('retires a custodian who holds a sheet only with a reason, after a clear warning, and the dashboard shows the re-issue obligation', async () => {
    await openScreenAt(page, 'custodians', 'Custodians & methods')
    await page.getByRole('button', { name: 'Retire Carol Weber' }).click()
    const dialog = page.getByRole('dialog', { name: 'Retire Carol Weber' })
    await dialog.waitFor()
    const warning = dialog.locator('#retire-custodian-warning')
    expect(await warning.textContent()).toContain('Carol Weber still holds a sheet of a live set.')
    expect(await warning.textContent()).toContain(`AWS production break-glass key: share 3, copy 1 of set ${groupSetId(activeSetId)}`)
    expect(await warning.textContent()).toContain('The Dashboard will show an obligation to issue a new set')
    expect(await dialog.getAttribute('aria-describedby')).toBe('retire-custodian-warning')

    // The reason is required: the backend refuses an empty one and the form says where.
    await dialog.getByRole('button', { name: 'Retire Carol Weber' }).click()
    await dialog.getByRole('alert').getByText('Carol Weber was not retired.').waitFor()
    expect(await focused(page)).toBe('retire-custodian-reason')
    const reason = dialog.getByLabel('Reason')
    expect(await reason.getAttribute('aria-invalid')).toBe('true')
    expect(await dialog.locator('#retire-custodian-reason-error').textContent()).toBe('This is required.')
    expect(await must<{ entries: unknown[] }>('log.entries', { type: 'custodian.retired', limit: 10 })).toMatchObject({ entries: [] })
    await expectAxeClean(page)
    await screenshot(page, 'custodian-retire-dialog', { fullPage: false })

    await reason.fill('Left the company on 31 March')
    await dialog.getByRole('button', { name: 'Retire Carol Weber' }).click()
    const status = page.getByRole('status').filter({ hasText: 'Carol Weber is retired.' })
    await status.waitFor()
    await dialog.waitFor({ state: 'detached' })
    expect(await status.textContent()).toContain('The sheet they hold must be re-issued')
    // Her Retire button is gone, so focus goes to the notice rather than being lost.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status')
    const seq = Number(/logbook entry (\d+)/.exec((await status.textContent())!)![1])
    const log = await must<{ entries: { seq: number; event: Record<string, unknown> }[] }>('log.entries', { type: 'custodian.retired', limit: 10 })
    expect(log.entries).toEqual([expect.objectContaining({ seq, event: { type: 'custodian.retired', custodianId: 'carol-weber', reason: 'Left the company on 31 March' } })])

    const row = page.getByRole('region', { name: 'Roster' }).getByRole('row', { name: /Carol Weber/ })
    await row.getByText('Retired', { exact: true }).waitFor()
    const rowText = await row.textContent()
    expect(rowText).toContain(`entry ${seq}: Left the company on 31 March`)
    expect(rowText).toContain('To re-issue')
    expect(await row.getByRole('button', { name: /^Retire/ }).count()).toBe(0)
    await expectAxeClean(page)
    await screenshot(page, 'custodians-retired')

    // The logbook now implies a new set: on the Dashboard, and as an OS notification.
    await status.getByRole('link', { name: 'Open the Dashboard' }).click()
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    const reissue = page
      .getByRole('region', { name: 'Due and overdue' })
      .getByRole('listitem')
      .filter({ hasText: `Re-issue set ${activeSetId}: a custodian who left still holds sheets` })
    await reissue.waitFor()
    expect(await reissue.textContent()).toContain('Carol Weber')
    await notifier.check()
    expect(desktop.callsOf('notify').at(-1)!.notification.title).toBe(`Due: Re-issue set ${activeSetId}: a custodian who left still holds sheets`)
    await expectAxeClean(page)
    await screenshot(page, 'dashboard-reissue')
  })

  it('edits a method’s use cases in the form it was defined with, and the method shows the new list', async () => {
    await openScreenAt(page, 'custodians', 'Custodians & methods')
    await page.getByRole('button', { name: 'Edit AWS production break-glass key' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit AWS production break-glass key' })
    await dialog.waitFor()
    expect(await dialog.getByLabel('Scope').inputValue()).toBe('AWS 123456789012 production')
    expect(await dialog.getByLabel('Sheets needed').inputValue()).toBe('2')
    expect(await dialog.getByLabel('Shares').inputValue()).toBe('3')
    const useCases = dialog.getByLabel('Permitted use cases')
    expect(await useCases.inputValue()).toBe(`${USE_CASE}\nRepair IAM after a lockout`)
    // Saving what was loaded records nothing: an entry would claim a change that never happened.
    const before = (await must<{ size: number }>('log.entries', { limit: 1 })).size
    await dialog.getByRole('button', { name: 'Save changes' }).click()
    await dialog.getByRole('alert').getByText('Nothing changed. Edit a field, or cancel.').waitFor()
    expect((await must<{ size: number }>('log.entries', { limit: 1 })).size).toBe(before)
    await useCases.fill(`${USE_CASE}\nRepair IAM after a lockout\nRecover a deleted SCP `)
    await expectAxeClean(page)
    await screenshot(page, 'method-edit-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Save changes' }).click()

    const status = page.getByRole('status').filter({ hasText: 'AWS production break-glass key (aws-prod) was updated.' })
    await status.waitFor()
    await dialog.waitFor({ state: 'detached' })
    const seq = Number(/logbook entry (\d+)/.exec((await status.textContent())!)![1])
    const method = page.getByRole('article', { name: /AWS production break-glass key/ })
    const listed = method.locator('dt:text-is("Use cases") + dd li')
    await listed.nth(2).waitFor()
    expect(await listed.allTextContents()).toEqual([USE_CASE, 'Repair IAM after a lockout', 'Recover a deleted SCP'])
    // The entry records the new list and nothing else: the policy and the other fields are unchanged.
    const log = await must<{ entries: { seq: number; event: Record<string, unknown> }[] }>('log.entries', { type: 'method.updated', newestFirst: true, limit: 1 })
    expect(log.entries[0]).toMatchObject({ seq })
    expect(log.entries[0]!.event).toEqual({ type: 'method.updated', methodId: 'aws-prod', useCases: [USE_CASE, 'Repair IAM after a lockout', 'Recover a deleted SCP'] })
    expect(await method.textContent()).toContain('2 of 3 shares, 1 copy of each')
    await expectAxeClean(page)
    await screenshot(page, 'method-edited')
  })

  it('filters entries, shows an entry in detail, verifies, and prints a checkpoint', async () => {
    const { size } = await must<{ size: number }>('log.entries', { limit: 1 })
    const issued = await must<{ entries: { seq: number }[] }>('log.entries', { type: 'set.issued', limit: 10 })
    await openScreenAt(page, 'logbook', 'Logbook')
    await page.getByText(`Showing ${size} of ${size} entries.`).waitFor()
    await page.getByLabel('Type').selectOption('set.issued')
    await page.getByText(`Showing 1 of ${size} entries.`).waitFor()
    const seq = issued.entries[0]!.seq
    await page.getByRole('button', { name: `Entry ${seq}: Share set issued` }).click()
    const detail = page.getByRole('region', { name: `Entry ${seq}` })
    expect(await detail.getByLabel('What the entry records').textContent()).toContain('Prod break-glass key')
    // Secrets never reach the log, so the UI cannot show them either.
    expect(await page.content()).not.toContain(SECRET)
    await page.getByRole('button', { name: 'Verify now' }).click()
    await page.getByText('The logbook verifies.').waitFor()
    await page.getByRole('button', { name: 'Create checkpoint' }).click()
    const card = page.getByRole('region', { name: 'New checkpoint' })
    await card.getByRole('img', { name: new RegExp(`QR code of the checkpoint at entry ${size}`) }).waitFor()
    const printsBefore = desktop.callsOf('print').length
    await card.getByRole('button', { name: 'Print checkpoint' }).click()
    await page.getByText('Sent to the printer.').waitFor()
    expect(desktop.callsOf('print').slice(printsBefore)).toEqual([{ kind: 'print', request: { title: `Custos checkpoint at entry ${size}` } }])
    await expectAxeClean(page)
    await screenshot(page, 'logbook')
  })

  it('renders the dark theme when the system asks for it', async () => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await openScreenAt(page, 'logbook', 'Logbook')
    await page.getByText(/^Showing \d+ of \d+ entries\.$/).waitFor()
    await expectAxeClean(page)
    await screenshot(page, 'logbook-dark')
    await openScreenAt(page, 'dashboard', 'Dashboard')
    await page.getByRole('region', { name: 'Vault health' }).getByText('Verified').waitFor()
    await page.getByRole('region', { name: 'Due and overdue' }).getByRole('listitem').first().waitFor()
    await expectAxeClean(page)
    await screenshot(page, 'dashboard-dark')
    await openScreenAt(page, 'custodians', 'Custodians & methods')
    await page.getByRole('region', { name: 'Roster' }).getByRole('row', { name: /Alice Martin/ }).waitFor()
    await expectAxeClean(page)
    await screenshot(page, 'custodians-dark')
    await page.getByRole('button', { name: 'Retire Bob Keller' }).click()
    await page.getByRole('dialog', { name: 'Retire Bob Keller' }).waitFor()
    await expectAxeClean(page)
    await screenshot(page, 'custodian-retire-dialog-dark', { fullPage: false })
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('reports a tampered logbook, naming the entry, on Verify now and on the dashboard', async () => {
    const seq = (await must<{ entries: { seq: number }[] }>('log.entries', { type: 'set.issued', limit: 10 })).entries[0]!.seq
    const db = join(dataDir, 'logbook.sqlite')
    execFileSync('sqlite3', [
      db,
      `DROP TRIGGER entries_refuse_update; UPDATE entries SET payload = replace(payload, 'Prod break-glass key', 'Test key') WHERE seq = ${seq};`,
    ])
    expect(execFileSync('sqlite3', [db, `SELECT payload FROM entries WHERE seq = ${seq}`]).toString()).toContain('Test key')
    await openScreenAt(page, 'logbook', 'Logbook')
    await page.getByRole('button', { name: 'Verify now' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'does not verify' })
    await alert.waitFor()
    expect(await alert.textContent()).toContain(`at entry ${seq}`)
    await screenshot(page, 'logbook-tampered')
    await openScreenAt(page, 'dashboard', 'Dashboard')
    await page.getByRole('region', { name: 'Vault health' }).getByText('Does not verify').waitFor()
    await page.getByText('No checkpoint is issued while the logbook does not verify.').waitFor()
    await expectAxeClean(page)
    await screenshot(page, 'dashboard-tampered')
  })

  it('ran under the strict CSP with no script errors and no request off the loopback host', () => {
    expect(pageProblems).toEqual([])
  })
})
