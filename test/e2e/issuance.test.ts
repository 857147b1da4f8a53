// End to end: the issuance ceremony from an EMPTY vault to an active 2-of-3 set, driven only
// through the UI as a new user would: create the vault, add three custodians and a method,
// then the wizard: credential (with field errors), sheets, save and print the PDF, scan every
// sheet back with Chromium's fake camera playing ffmpeg video of the real PDF pages, a typed
// entry with a typo and an image import, hand-over with bag serials, activation. axe-core on
// every step, a screenshot of each under test/artifacts/issuance/.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { builtRenderer } from '../helpers/renderer-build'
import { ARTIFACTS_DIR, expectAxeClean, openE2eBrowser, openSection, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { apiCaller } from '../helpers/api-call'
import { awsKeyBundle, EXAMPLE_SECRET as SECRET, STANDARD_CUSTODIANS as PEOPLE } from '../helpers/ceremony-seed'
import { enterAccessKeyAndSplit, saveAndRenderSheets, scanBackAndHandOver, wizardStep } from '../helpers/issuance-wizard'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeCameraVideo } from '../helpers/fake-camera'

const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'

const work = makeTempDir('custos-e2e-issuance-')
const dataDir = join(work.path, 'vault')
const cameraVideo = join(work.path, 'camera.y4m')
const pdfPath = join(work.path, 'sheets.pdf')
const desktop = createFakeDesktopPort()
const clock = fixedClock('2026-05-04T09:00:00Z')
const api = createApi({ dataDir, clock, desktop })
const { must } = apiCaller(api)
const pageProblems: string[] = []
let e2e: E2eBrowser
let host: E2eBrowser['host']
let page: Page
let setId = ''
let typedShare1 = ''
let pngs: string[] = []

const screenshot = (name: string) => takeScreenshot(page, 'issuance', name)
/** Every step is checked for serious and critical axe violations and kept as a screenshot. */
async function checkpoint(name: string): Promise<void> {
  await expectAxeClean(page)
  await screenshot(name)
}
const stepHeading = (n: number, title: string) => wizardStep(page, n, title)
const group = (setId: string) => `${setId.slice(0, 4)}-${setId.slice(4)}`

beforeAll(async () => {
  // The camera's video is written later, once the sheets exist: Chromium opens the file at
  // each getUserMedia (until then the camera reports "not found").
  e2e = await openE2eBrowser({
    api,
    rendererDir: await builtRenderer(),
    problems: pageProblems,
    chromium: (origin) => ({ colorScheme: 'light', fakeCamera: { video: cameraVideo, origin } }),
    defaultTimeout: 20_000,
  })
  ;({ host, page } = e2e)
})

afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

describe('issuance ceremony in Chromium', () => {
  it('starts from an empty vault: onboarding, and the wizard points to Custodians & methods while no method exists', async () => {
    await page.goto(host.url)
    await page.getByRole('heading', { level: 1, name: 'Create your vault' }).waitFor()
    await page.getByLabel('Vault name').fill('Payments production')
    await page.getByRole('button', { name: 'Create vault' }).click()
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()

    await page.getByRole('link', { name: 'Issue sheets', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Issue a set of sheets' }).waitFor()
    await page.getByText('No break-glass method is defined yet.').waitFor()
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    await checkpoint('01-no-method')
    await page.getByRole('link', { name: 'Open Custodians & methods' }).click()
    await page.getByRole('heading', { level: 1, name: 'Custodians & methods' }).waitFor()
  })

  it('adds three custodians and a 2-of-3 method on the Custodians & methods screen', async () => {
    const custodianForm = page.getByRole('form', { name: 'Add a custodian' })
    for (const person of PEOPLE) {
      // The form folds after each add (and is open to begin with, as the next step).
      await openSection(page, 'Add a custodian')
      await custodianForm.getByLabel('Name', { exact: true }).fill(person.name)
      await custodianForm.getByLabel('Contact', { exact: true }).fill(person.contact)
      await custodianForm.getByLabel('Team', { exact: true }).fill(person.team)
      await custodianForm.getByRole('button', { name: 'Add custodian' }).click()
      await page.getByRole('status').filter({ hasText: `${person.name} (` }).waitFor()
    }
    await openSection(page, 'Add a method')
    const methodForm = page.getByRole('form', { name: 'Add a method' })
    await methodForm.getByLabel('Name', { exact: true }).fill('AWS production break-glass key')
    await methodForm.getByLabel('ID (optional)').fill('aws-prod')
    await methodForm.getByLabel('Scope').fill('AWS 123456789012 production')
    await methodForm.getByLabel('Access it grants').fill('AdministratorAccess on the production account')
    await methodForm.getByLabel('Owner team').fill('Cloud platform')
    await methodForm.getByLabel('Permitted use cases').fill('Restore access after an SSO outage')
    await methodForm.getByLabel('Sheets needed').fill('2')
    await methodForm.getByLabel('Shares', { exact: true }).fill('3')
    await methodForm.getByLabel('Copies of each').fill('1')
    await methodForm.getByRole('button', { name: 'Add method' }).click()
    await page.getByRole('status').filter({ hasText: 'AWS production break-glass key (aws-prod) is defined.' }).waitFor()
    await checkpoint('02-roster-and-method')
  })

  it('chooses the method and refuses a credential with field errors before anything is split', async () => {
    await page.getByRole('link', { name: 'Issue sheets', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Issue a set of sheets' }).waitFor()
    await stepHeading(1, 'Choose the method').waitFor()
    await page.getByRole('radio', { name: /AWS production break-glass key/ }).check()
    await checkpoint('03-step-1-method')
    await page.getByRole('button', { name: 'Next: the credential' }).click()

    await stepHeading(2, 'Enter the credential').waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Step 2 of 7: Enter the credential')
    const form = page.getByRole('form', { name: 'Credential' })
    await form.getByLabel('Access key ID').fill('ASIAIOSFODNN7EXAMPLE')
    await form.getByLabel('Secret access key', { exact: true }).fill(SECRET.slice(0, 39))
    await form.getByLabel('AWS account ID').fill('1234-5678-901')
    await form.getByRole('button', { name: 'Next: sheets and custodians' }).click()
    await form.getByText('4 fields need attention.').waitFor()
    await form.getByText('ASIA… keys are temporary session keys').waitFor()
    await form.getByText('A secret access key is exactly 40 characters; this one has 39.').waitFor()
    await form.getByText('The AWS account ID is 12 digits (this one has 11 characters).').waitFor()
    await form.getByText('Enter the IAM user name.').waitFor()
    // Focus lands on the first field to fix.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('credential-accessKeyId')
    await checkpoint('04-step-2-credential-errors')

    await form.getByLabel('Access key ID').fill(ACCESS_KEY_ID)
    await form.getByLabel('Secret access key', { exact: true }).fill(SECRET)
    await form.getByLabel('AWS account ID').fill('1234-5678-9012')
    await form.getByLabel('IAM user name').fill('break-glass')
    expect(await form.getByLabel('Secret access key', { exact: true }).getAttribute('type')).toBe('password')
    await checkpoint('05-step-2-credential')
    await form.getByRole('button', { name: 'Next: sheets and custodians' }).click()
  })

  it('assigns the sheets in roster order and splits: the set exists, the secret is nowhere on the page or in the URL', async () => {
    await stepHeading(3, 'Sheets and custodians').waitFor()
    const form = page.getByRole('form', { name: 'Sheets and custodians' })
    for (const [i, person] of PEOPLE.entries()) {
      expect(await form.getByLabel(`Share ${i + 1}`, { exact: true }).locator('option:checked').textContent()).toBe(`${person.name} (${person.team})`)
    }
    await form.getByLabel('Label printed on every sheet (optional)').fill('Prod break-glass key')
    await form.getByLabel('Emergency contact (optional)').fill('Security desk +41 44 000 00 99')
    await checkpoint('06-step-3-sheets')
    await form.getByRole('button', { name: 'Split and create the sheets' }).click()

    await stepHeading(4, 'Print the sheets').waitFor()
    const sets = (await must<{ sets: { setId: string; status: string; threshold: number; total: number }[] }>('sets.list', {})).sets
    expect(sets).toHaveLength(1)
    expect(sets[0]).toMatchObject({ status: 'pending', threshold: 2, total: 3 })
    setId = sets[0]!.setId
    expect(page.url()).toBe(`${host.url}#/issuance/${setId}`)
    expect(await page.content()).not.toContain(SECRET)
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0])
    const issued = await must<{ entries: { event: Record<string, unknown> }[] }>('log.entries', { type: 'sheets.assigned', limit: 5 })
    expect(issued.entries[0]!.event.sheets).toEqual([
      { index: 1, copy: 1, custodianId: 'alice-martin' },
      { index: 2, copy: 1, custodianId: 'bob-keller' },
      { index: 3, copy: 1, custodianId: 'carol-weber' },
    ])
  })

  it('previews every sheet, saves the PDF and sends it to the printer', async () => {
    const previews = page.getByRole('article', { name: /^Sheet \d\.1: Share \d of 3, for / })
    await previews.nth(2).waitFor()
    expect(await previews.count()).toBe(3)
    const first = page.getByRole('article', { name: 'Sheet 1.1: Share 1 of 3, for Alice Martin' })
    await first.getByRole('img', { name: 'QR code of share 1' }).waitFor()
    await first.getByText('Typed share (').click()
    typedShare1 = (await first.locator('pre').textContent())!
    expect(typedShare1).toMatch(/^01 {2}\S{6} /)

    desktop.nextSavePath = pdfPath
    await page.getByRole('button', { name: 'Save PDF…' }).click()
    await page.getByRole('status').filter({ hasText: `Saved to ${pdfPath}` }).waitFor()
    expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-')
    await page.getByRole('button', { name: 'Print…' }).click()
    await page.getByRole('status').filter({ hasText: 'Sent to the printer.' }).waitFor()
    expect(desktop.callsOf('printPdf').map((c) => c.request.title)).toEqual([`Custos sheets, set ${setId}`])
    await checkpoint('07-step-4-print')

    // The sheets as a scanner sees them, and as video for the fake camera.
    const pages = join(work.path, 'pages')
    mkdirSync(pages)
    pngs = renderPdfPages(pdfPath, pages, 'sheet', 150)
    expect(pngs).toHaveLength(3)
  })

  it('says clearly when there is no camera, then scans back every sheet with the camera', async () => {
    await page.getByRole('button', { name: 'Next: scan back the printed sheets' }).click()
    await stepHeading(5, 'Scan back every sheet').waitFor()
    // No video yet: Chromium's fake camera has nothing to open.
    const camera = page.getByRole('region', { name: 'Camera', exact: true })
    await camera.getByRole('button', { name: 'Start camera' }).click()
    const noCamera = camera.getByRole('alert')
    await noCamera.getByText('No camera found').waitFor()
    expect(await noCamera.textContent()).toContain('import images of the sheets or type them instead')
    await checkpoint('08-step-5-no-camera')

    const staging = `${cameraVideo}.tmp`
    makeCameraVideo(pngs, staging, { secondsEach: 1, fps: 5, framing: 'page' })
    renameSync(staging, cameraVideo)
    await camera.getByRole('button', { name: 'Start camera' }).click()
    await page.getByRole('heading', { name: 'Sheets seen: 3 of 3' }).waitFor()
    await camera.getByRole('button', { name: 'Stop camera' }).click()
    const table = page.getByRole('table', { name: /Every printed sheet of set/ })
    for (const n of [1, 2, 3]) {
      expect(await table.getByRole('row', { name: new RegExp(`^Share ${n} `) }).textContent()).toContain('✓ Seen (camera)')
    }
    await checkpoint('09-step-5-camera')
    // What a frame costs in the browser (User Timing measures the scanner records).
    const timing = await page.evaluate(() => ({
      decode: performance.getEntriesByName('custos.camera.decode').map((e) => e.duration),
      grab: performance.getEntriesByName('custos.camera.grab').map((e) => e.duration),
    }))
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    writeFileSync(
      join(ARTIFACTS_DIR, 'issuance', 'camera-timing.json'),
      JSON.stringify({ frames: timing.decode.length, decodeMedianMs: median(timing.decode), grabMedianMs: median(timing.grab), decodeMs: timing.decode }, null, 1),
    )
    expect(timing.decode.length).toBeGreaterThan(0)
  })

  it('points at the mistyped group of a typed sheet, and reads a sheet from an imported image', async () => {
    // Read share 1 again, by typing it: one character of group 3 is wrong.
    await page.getByRole('button', { name: 'Scan share 1 again' }).click()
    await page.getByRole('heading', { name: 'Sheets seen: 2 of 3' }).waitFor()
    const lines = typedShare1.split('\n')
    const groups = lines[0]!.split(/\s+/)
    const bad = groups[3]!
    groups[3] = (bad[0] === 'A' ? 'B' : 'A') + bad.slice(1)
    await page.getByLabel('Typed share groups').fill([groups.join(' '), ...lines.slice(1)].join('\n'))
    await page.getByRole('button', { name: 'Add typed sheet' }).click()
    const typedError = page.locator('#typed-groups-error')
    await typedError.waitFor()
    expect(await typedError.textContent()).toContain('Group 3 (line 1, group 3) does not match its check character')
    expect(await page.getByLabel('Typed share groups').getAttribute('aria-invalid')).toBe('true')
    await checkpoint('10-step-5-typed-error')
    await page.getByLabel('Typed share groups').fill('')

    desktop.nextOpenPaths = [pngs[0]!]
    await page.getByRole('button', { name: 'Import images…' }).click()
    await page.getByText(`${pngs[0]!.split('/').pop()}: Share 1 (Alice Martin): seen.`).waitFor()
    await page.getByRole('heading', { name: 'Sheets seen: 3 of 3' }).waitFor()
    expect(await page.getByRole('row', { name: /^Share 1 / }).textContent()).toContain('✓ Seen (image)')
    await checkpoint('11-step-5-image')

    await page.getByRole('button', { name: 'Check the 3 sheets' }).click()
    await stepHeading(6, 'Hand over the sheets').waitFor()
    const verified = await must<{ entries: { event: Record<string, unknown> }[] }>('log.entries', { type: 'set.scan-verified', limit: 5 })
    expect(verified.entries.map((e) => e.event.setId)).toEqual([setId])
  })

  it('records each hand-over with its bag serial, and resumes at the hand-over after a reload', async () => {
    await checkpoint('12-step-6-handover')
    await page.getByLabel('Bag serial for share 1 (Alice Martin)').fill('TE-100201')
    await page.getByRole('button', { name: 'Record hand-over to Alice Martin' }).click()
    await page.getByRole('row', { name: /^Share 1 / }).getByText('✓ Handed over').waitFor()

    // Closing the window mid-ceremony loses nothing: the log knows where the set stands.
    await page.goto(`${host.url}#/issuance`)
    await page.reload()
    await stepHeading(6, 'Hand over the sheets').waitFor()
    expect(page.url()).toBe(`${host.url}#/issuance/${setId}`)
    expect(await page.getByRole('row', { name: /^Share 1 / }).textContent()).toContain('TE-100201')

    for (const [i, person] of PEOPLE.entries()) {
      if (i === 0) continue
      await page.getByLabel(`Bag serial for share ${i + 1} (${person.name})`).fill(`TE-10020${i + 1}`)
      await page.getByRole('button', { name: `Record hand-over to ${person.name}` }).click()
      await page.getByRole('row', { name: new RegExp(`^Share ${i + 1} `) }).getByText('✓ Handed over').waitFor()
    }
    await page.getByText('Every sheet is handed over.').waitFor()
    await checkpoint('13-step-6-handed-over')
    await page.getByRole('button', { name: 'Next: activate the set' }).click()
  })

  it('activates the set: the method is protected by it, and the log shows the scan-back and the activation', async () => {
    await stepHeading(7, 'Activate the set').waitFor()
    await page.getByText('This is the first set of AWS production break-glass key: nothing is retired.').waitFor()
    await checkpoint('14-step-7-activate')
    await page.getByRole('button', { name: `Activate set ${group(setId)}` }).click()
    await page.getByRole('heading', { level: 2, name: `Set ${group(setId)} is active` }).waitFor()
    await page.getByText(`AWS production break-glass key is protected by set ${group(setId)}: any 2 of its 3 shares open it.`).waitFor()
    await checkpoint('15-done')

    const log = await must<{ entries: { type: string; event: Record<string, unknown> }[] }>('log.entries', { limit: 200 })
    const types = log.entries.map((e) => e.type)
    expect(types).toContain('set.scan-verified')
    expect(types.filter((t) => t === 'sheet.handed-over')).toHaveLength(3)
    expect(log.entries.find((e) => e.type === 'set.activated')!.event).toMatchObject({ setId, methodId: 'aws-prod' })
    expect(types.indexOf('set.scan-verified')).toBeLessThan(types.indexOf('set.activated'))
    const { sets } = await must<{ sets: { setId: string; status: string }[] }>('sets.list', {})
    expect(sets).toEqual([expect.objectContaining({ setId, status: 'active' })])
    // Nothing secret reached the log, the page or the browser's storage.
    expect(JSON.stringify(log)).not.toContain(SECRET)
    expect(await page.content()).not.toContain(SECRET)
  })

  it('abandons a second set with a note after a restart lost its preview; the active set stays', async () => {
    await page.getByRole('link', { name: 'Issue sheets', exact: true }).click()
    await stepHeading(1, 'Choose the method').waitFor()
    const choice = page.getByRole('radio', { name: /AWS production break-glass key/ })
    expect(await page.locator(`#${await choice.getAttribute('aria-describedby')}`).textContent()).toContain(
      `active set ${group(setId)} (replaced once the new set is active)`,
    )
    await page.getByRole('button', { name: 'Next: the credential' }).click()
    const form = page.getByRole('form', { name: 'Credential' })
    await form.getByRole('radio', { name: /AWS root login/ }).check()
    await form.getByLabel('Root user e-mail').fill('aws-root@example.com')
    await form.getByLabel('Root password', { exact: true }).fill('correct horse battery staple')
    // As the AWS console shows it: grouped, lower case; the form takes it as the base32 it is.
    await form.getByLabel('MFA secret (TOTP seed) (optional)', { exact: true }).fill('jbsw y3dp ehpk 3pxp jbsw y3dp')
    await form.getByRole('button', { name: 'Next: sheets and custodians' }).click()
    await page.getByRole('button', { name: 'Split and create the sheets' }).click()
    await stepHeading(4, 'Print the sheets').waitFor()
    const second = new URL(page.url()).hash.split('/').pop()!
    expect(second).not.toBe(setId)

    // The shares live only in the window that split them: after a reload the preview says so.
    await page.reload()
    await stepHeading(4, 'Print the sheets').waitFor()
    await page.getByText('The shares are shown only in the session that created the set.').waitFor()
    await page.getByRole('button', { name: 'Abandon this set…' }).click()
    const dialog = page.getByRole('dialog', { name: `Abandon set ${group(second)}` })
    await dialog.getByRole('button', { name: 'Abandon the set' }).click()
    await dialog.getByRole('alert').getByText('Say why the set is abandoned').waitFor()
    await checkpoint('16-abandon-dialog')
    await dialog.getByLabel('Why').fill('Printer jammed; the sheets were shredded')
    await dialog.getByRole('button', { name: 'Abandon the set' }).click()
    await page.getByRole('heading', { level: 2, name: `Set ${group(second)} is abandoned` }).waitFor()
    await page.getByText('Its sheets open nothing').waitFor()
    await checkpoint('17-abandoned')
    const { methods } = await must<{ methods: { activeSetId?: string; pendingSetId?: string }[] }>('methods.list', {})
    expect(methods[0]).toMatchObject({ activeSetId: setId })
    expect(methods[0]!.pendingSetId).toBeUndefined()
  })

  it('replaces the active set with a third, scanned back from imported images, and says which old sheets to destroy', async () => {
    await page.getByRole('link', { name: 'Issue a new set' }).click()
    await stepHeading(1, 'Choose the method').waitFor()
    await page.getByRole('button', { name: 'Next: the credential' }).click()
    const third = await enterAccessKeyAndSplit(page, awsKeyBundle('je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE'))
    const scans = await saveAndRenderSheets(page, desktop, join(work.path, 'third.pdf'), join(work.path, 'third-pages'))
    await scanBackAndHandOver(page, desktop, scans, PEOPLE.map(({ name }, i) => ({ name, bag: `TE-20030${i + 1}` })))
    await page.getByRole('button', { name: 'Next: activate the set' }).click()
    await page.getByText(`Activating retires set ${group(setId)}.`).waitFor()
    await checkpoint('18-activate-replacing')
    await page.getByRole('button', { name: `Activate set ${group(third)}` }).click()
    await page.getByRole('heading', { level: 2, name: `Set ${group(third)} is active` }).waitFor()
    const retired = page.getByText(`Set ${group(setId)} is retired: destroy its sheets.`)
    await retired.waitFor()
    for (const [i, person] of PEOPLE.entries()) await page.getByText(`Share ${i + 1}: ${person.name} (bag TE-10020${i + 1})`).waitFor()
    await checkpoint('19-done-replacing')
    const activated = await must<{ entries: { event: Record<string, unknown> }[] }>('log.entries', { type: 'set.activated', newestFirst: true, limit: 1 })
    expect(activated.entries[0]!.event).toMatchObject({ setId: third, supersedes: setId })
  })

  it('ran under the strict CSP with no script errors and no request off the loopback host', () => {
    expect(existsSync(cameraVideo)).toBe(true)
    expect(pageProblems).toEqual([])
  })
})
