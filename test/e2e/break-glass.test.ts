// End to end: breaking the glass in Debian's Chromium, driven as a new user would, with the
// real backend behind the loopback host. The vault is seeded through the ceremony services
// (real sheets PDFs rendered by pdftoppm); the fake camera plays a .y4m of the active set's
// sheets; "Import images…" answers with pdftoppm renders (fake desktop port). axe-core and a
// screenshot on every step (test/artifacts/break-glass/).
import { mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { Secret, TOTP } from 'otpauth'
import { formatTypedLines, toTypedGroups } from '../../shared/typed-groups'
import { createApi } from '../../main/core/api/create-api'
import { systemClock } from '../../main/core/clock'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import {
  awsKeyBundle,
  EXAMPLE_SECRET as SECRET,
  issueActiveSet,
  seedMethod,
  seedStandardVault,
  STANDARD_METHOD,
  STANDARD_USE_CASE as USE_CASE,
} from '../helpers/ceremony-seed'
import { renderPdfPages } from '../helpers/sheet-images'
import { makeCameraVideo } from '../helpers/fake-camera'

const OLD_SECRET = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'
const ROOT_PASSWORD = 'correct-horse-battery-staple-7'
const TOTP_SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
const AWS_METHOD = STANDARD_METHOD.name
const ROOT_METHOD = 'AWS root login'

const work = makeTempDir('custos-e2e-break-glass-')
const dataDir = join(work.path, 'vault')
const desktop = createFakeDesktopPort()
const api = createApi({ dataDir, clock: systemClock, desktop })
const { must } = apiCaller(api)
const cameraVideo = join(work.path, 'camera.y4m')
let e2e: E2eBrowser
let host: E2eBrowser['host']
let page: Page
const pageProblems: string[] = []

/** What the seed made: each set's sheet images (share i on page i) and payloads by custodian. */
const seeded = {
  retired: { setId: '', pages: [] as string[], retiredOn: '' },
  active: { setId: '', pages: [] as string[], payloads: new Map<string, string>() },
  root: { setId: '', pages: [] as string[], payloads: new Map<string, string>() },
}

async function seed(): Promise<void> {
  await seedStandardVault(api, dataDir, systemClock, async (ctx) => {
    seedMethod(ctx, {
      methodId: 'aws-root',
      name: ROOT_METHOD,
      scope: 'AWS 123456789012 root user',
      ownerTeam: 'Cloud platform',
      useCases: ['Recover the account when no IAM admin is left'],
      access: 'Root user of the management account',
      policy: STANDARD_METHOD.policy,
    })
    // The first set, then its replacement: activating the second retires the first.
    const old = await issueActiveSet(ctx, { methodId: 'aws-prod', bundle: awsKeyBundle(OLD_SECRET), workDir: join(work.path, 'old') })
    const active = await issueActiveSet(ctx, { methodId: 'aws-prod', bundle: awsKeyBundle(SECRET), label: 'Prod break-glass key', workDir: join(work.path, 'active') })
    const root = await issueActiveSet(ctx, {
      methodId: 'aws-root',
      bundle: { kind: 'aws-root-login', account: '123456789012', password: ROOT_PASSWORD, totpSeed: TOTP_SEED },
      workDir: join(work.path, 'root'),
    })
    seeded.retired = { setId: old.setId, pages: pagesOf('old', old.setId), retiredOn: '' }
    seeded.active = { setId: active.setId, pages: pagesOf('active', active.setId), payloads: active.payloadByCustodian }
    seeded.root = { setId: root.setId, pages: pagesOf('root', root.setId), payloads: root.payloadByCustodian }
  })
  const sets = await must<{ sets: { setId: string; retired?: { time: string } }[] }>('sets.list', { methodId: 'aws-prod' })
  seeded.retired.retiredOn = sets.sets.find((s) => s.setId === seeded.retired.setId)!.retired!.time.slice(0, 10)
}

function pagesOf(dir: string, setId: string): string[] {
  return [1, 2, 3].map((n) => join(work.path, dir, `${setId}-${n}.png`))
}

/** The camera video: the active set's sheets at 150 dpi, each held up for a second, looped. */
function makeVideo(): void {
  const dir = join(work.path, 'camera')
  mkdirSync(dir, { recursive: true })
  const pages = renderPdfPages(join(work.path, 'active', `${seeded.active.setId}.pdf`), dir, 'sheet', 150)
  makeCameraVideo(pages, `${cameraVideo}.tmp`, { secondsEach: 1, fps: 5, framing: 'page' })
  renameSync(`${cameraVideo}.tmp`, cameraVideo)
}

const screenshot = (name: string, options?: { fullPage?: boolean }) => takeScreenshot(page, 'break-glass', name, options)
const sheetRow = (text: string | RegExp) => page.getByRole('region', { name: 'Sheets presented' }).getByRole('listitem').filter({ hasText: text })

async function fillRequest(options: { method: string; useCase?: string; ticket: string; operator?: string }): Promise<string> {
  await openScreen(page, host.url, 'break-glass', 'Break glass')
  const form = page.getByRole('form', { name: 'Request the release' })
  await form.getByLabel('Break-glass method').selectOption({ label: options.method })
  // The use case is a choice (preselected when the method has only one).
  if (options.useCase) await form.getByRole('radio', { name: options.useCase }).check()
  await form.getByLabel('Incident ticket').fill(options.ticket)
  await form.getByLabel('Operator', { exact: true }).fill(options.operator ?? 'Olivia Operator')
  await form.getByLabel('Justification').fill('SSO provider down, payments failing')
  await form.getByRole('checkbox', { name: /All four done/ }).check()
  // What the last request of the method said is offered again, folded: open it to fill it in.
  await form.locator('details.remembered:not([open]) > summary').evaluateAll((summaries) => summaries.forEach((s) => (s as HTMLElement).click()))
  await form.getByLabel('Business risk and impact').fill('Card payments halted in the EU')
  await form.getByLabel('Why normal access cannot be used').fill('All human access goes through the failed SSO')
  await form.getByLabel('Requester team').fill('SRE')
  await form.getByLabel('Requester area').fill('Payments')
  await form.getByLabel('Owner contacts').fill('cloud-oncall@example.com, called 02:10')
  await form.getByRole('button', { name: 'Record request and gather the quorum' }).click()
  await page.getByRole('heading', { level: 2, name: 'Present the sheets' }).waitFor()
  const summary = await page.getByRole('region', { name: `Request ${options.ticket}` }).textContent()
  const entry = (await must<{ entries: { event: { releaseId: string; incidentTicket: string } }[] }>('log.entries', { type: 'release.requested', newestFirst: true, limit: 1 })).entries[0]!
  expect(entry.event.incidentTicket).toBe(options.ticket)
  expect(summary).toContain(options.operator ?? 'Olivia Operator')
  return entry.event.releaseId
}

async function typeSheet(text: string): Promise<void> {
  await page.getByLabel('Typed share').fill(text)
  await page.getByRole('button', { name: 'Add typed sheet' }).click()
}

const lastGranted = async () =>
  (await must<{ entries: { event: { type: string; releaseId: string; operator: string; presented: { index: number; custodianId: string }[] } }[] }>('log.entries', {
    type: 'release.granted',
    newestFirst: true,
    limit: 1,
  })).entries[0]?.event

const protectionStates = () => desktop.callsOf('contentProtection').map((c) => c.enabled)

beforeAll(async () => {
  const [rendererDir] = await Promise.all([builtRenderer(), seed()])
  makeVideo()
  e2e = await openE2eBrowser({ api, rendererDir, problems: pageProblems, chromium: (origin) => ({ fakeCamera: { video: cameraVideo, origin } }) })
  ;({ host, page } = e2e)
})

afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

describe('break glass in Chromium', () => {
  it('refuses an incomplete request, marking every missing field, and records nothing', async () => {
    const before = (await must<{ size: number }>('log.entries', { limit: 1 })).size
    await openScreen(page, host.url, 'break-glass', 'Break glass')
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    await expectAxeClean(page)
    await screenshot('1-request')
    const form = page.getByRole('form', { name: 'Request the release' })
    await form.getByLabel('Incident ticket').fill('INC-1000')
    await form.getByRole('button', { name: 'Record request and gather the quorum' }).click()
    await form.getByRole('alert').getByText('The request was not recorded.').waitFor()
    // The requester is the operator by default, and the use case is offered once a method is chosen.
    for (const label of ['Break-glass method', 'Justification', 'Requester team', 'Owner contacts']) {
      expect(await form.getByLabel(label).getAttribute('aria-invalid'), label).toBe('true')
    }
    expect(await form.getByLabel('Incident ticket').getAttribute('aria-invalid')).toBeNull()
    expect(await form.getByLabel('Operator', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    // Focus goes to the first field to fix.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('request-methodId')
    expect((await must<{ size: number }>('log.entries', { limit: 1 })).size).toBe(before)
    await expectAxeClean(page)
    await screenshot('1-request-incomplete')
  })

  it('releases through the camera: the revealed credential is the one issued and release.granted is in the logbook', async () => {
    const releaseId = await fillRequest({ method: AWS_METHOD, useCase: USE_CASE, ticket: 'INC-1001' })
    await page.getByText('No sheet yet.').waitFor()
    await expectAxeClean(page)
    await screenshot('2-quorum-empty')

    await page.getByRole('button', { name: 'Start camera' }).click()
    await page.getByText(/^Quorum met: 2 of 2 sheets needed are valid\.$/).waitFor()
    // With the quorum met the camera stops adding sheets.
    await page.getByText('Camera on, paused. The quorum is met. Remove a sheet to scan another.').waitFor()
    const rows = await page.getByRole('region', { name: 'Sheets presented' }).getByRole('listitem').allTextContents()
    // Two sheets make the quorum; under heavy load a third may already be in view before the camera pauses.
    expect(rows.slice(0, 2)).toEqual([
      expect.stringMatching(/Camera sheet 1.*Sheet 1 of 2 needed: share \d valid, presented by (Alice Martin|Bob Keller|Carol Weber)/),
      expect.stringMatching(/Camera sheet 2.*Sheet 2 of 2 needed: share \d valid, presented by (Alice Martin|Bob Keller|Carol Weber)/),
    ])
    // Each presenter is the custodian the log says holds that share.
    const holders = ['Alice Martin', 'Bob Keller', 'Carol Weber']
    for (const row of rows) {
      const share = Number(/share (\d) valid/.exec(row)![1])
      expect(row).toContain(`presented by ${holders[share - 1]}`)
    }
    await expectAxeClean(page)
    await screenshot('2-quorum-camera')

    await page.getByRole('button', { name: 'Release to Olivia Operator' }).click()
    await page.getByRole('heading', { level: 2, name: 'AWS access key released to Olivia Operator' }).waitFor()
    // Hidden until revealed: the secret is not in the page at all.
    expect(await page.content()).not.toContain(SECRET)
    expect(await page.getByText('AKIAIOSFODNN7EXAMPLE', { exact: true }).count()).toBe(1)
    await page.getByText(/Revoke within \d+ min \d+ s/).waitFor()
    await expectAxeClean(page)
    await screenshot('3-released-hidden')
    await page.getByRole('button', { name: 'Reveal Secret access key' }).click()
    expect(await page.locator('.credential-value').filter({ hasText: SECRET }).textContent()).toBe(SECRET)

    const granted = await lastGranted()
    expect(granted).toMatchObject({ type: 'release.granted', releaseId, operator: 'Olivia Operator' })
    expect(granted!.presented.length).toBeGreaterThanOrEqual(2)
    expect(protectionStates().at(-1)).toBe(true)

    // Copy: through the desktop's clipboard, cleared after 30 s; the screen counts down.
    await page.getByRole('button', { name: 'Copy Secret access key' }).click()
    await page.getByText(/Secret access key copied\. The clipboard clears in \d+ s\./).waitFor()
    expect(desktop.callsOf('clipboard').at(-1)!.request).toEqual({ text: SECRET, clearAfterMs: 30_000 })
    await expectAxeClean(page)
    await screenshot('3-released-revealed')

    // Leaving by the sidebar: the credential leaves the page and protection goes off.
    await page.getByRole('link', { name: 'Dashboard' }).click()
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    await expect.poll(() => protectionStates().at(-1)).toBe(false)
    expect(await page.content()).not.toContain(SECRET)
    await page.goBack()
    await page.getByRole('heading', { level: 1, name: 'Break glass' }).waitFor()
    await page.getByRole('form', { name: 'Request the release' }).waitFor()
    expect(await page.content()).not.toContain(SECRET)
  })

  it('recombines a root login from typed sheets, pointing at a mistyped group, and shows the current MFA code', async () => {
    const releaseId = await fillRequest({ method: ROOT_METHOD, ticket: 'INC-1002', operator: 'Oscar Ops' })
    const alice = seeded.root.payloads.get('alice-martin')!
    const lines = formatTypedLines(alice)
    // One character of the third group swapped for another: its check character no longer matches.
    const groups = toTypedGroups(alice)
    const bad = groups[2]!
    const typo = bad[0] === 'X' ? `Y${bad.slice(1)}` : `X${bad.slice(1)}`
    await typeSheet(lines.join('\n').replace(bad, typo))
    const error = page.getByRole('alert').filter({ hasText: 'Group 3 (line 1, group 3)' })
    await error.waitFor()
    expect(await page.getByRole('list', { name: /^Line 1 as typed/ }).locator('.group-bad').textContent()).toContain(typo)
    expect(await page.getByRole('region', { name: 'Sheets presented' }).getByText('No sheet yet.').count()).toBe(1)
    await expectAxeClean(page)
    await screenshot('2-typed-typo')

    await typeSheet(lines.join('\n'))
    await sheetRow('Typed sheet').getByText('Sheet 1 of 2 needed: share 1 valid, presented by Alice Martin').waitFor()
    await typeSheet(formatTypedLines(seeded.root.payloads.get('bob-keller')!).join('\n'))
    await page.getByText(/^Quorum met/).waitFor()
    expect(await sheetRow('Typed sheet (2)').textContent()).toContain('Sheet 2 of 2 needed: share 2 valid, presented by Bob Keller')
    await expectAxeClean(page)
    await screenshot('2-typed-ready')

    await page.getByRole('button', { name: 'Release to Oscar Ops' }).click()
    await page.getByRole('heading', { level: 2, name: 'AWS root login released to Oscar Ops' }).waitFor()
    expect(await page.content()).not.toContain(ROOT_PASSWORD)
    await page.getByRole('button', { name: 'Reveal Root password' }).click()
    expect(await page.locator('.credential-value').filter({ hasText: ROOT_PASSWORD }).textContent()).toBe(ROOT_PASSWORD)

    // The MFA code is computed in the page; it matches the seed's code for now (or the period just before).
    const shown = (await page.locator('.totp-code').textContent())!.replace(/\s/g, '')
    const totp = new TOTP({ secret: Secret.fromBase32(TOTP_SEED), digits: 6, period: 30, algorithm: 'SHA1' })
    const now = Date.now()
    expect([totp.generate({ timestamp: now }), totp.generate({ timestamp: now - 30_000 })]).toContain(shown)
    expect(Number(await page.locator('.totp-seconds').textContent())).toBeGreaterThan(0)
    expect((await lastGranted())!.releaseId).toBe(releaseId)
    await expectAxeClean(page)
    await screenshot('3-released-root')

    await page.getByRole('button', { name: 'Done: remove the credential from the screen' }).click()
    await page.getByRole('heading', { level: 2, name: 'The credential is off the screen' }).waitFor()
    expect(await page.content()).not.toContain(ROOT_PASSWORD)
    expect(await page.locator('.totp-code').count()).toBe(0)
    await expect.poll(() => protectionStates().at(-1)).toBe(false)
    expect(await page.getByRole('link', { name: 'Go to aftercare for INC-1002' }).getAttribute('href')).toBe(`#/aftercare/${releaseId}`)
    await expectAxeClean(page)
    await screenshot('4-done')
  })

  it('recombines from imported images of the sheets', async () => {
    const releaseId = await fillRequest({ method: AWS_METHOD, useCase: 'Repair IAM after a lockout', ticket: 'INC-1003' })
    desktop.nextOpenPaths = [seeded.active.pages[0]!, seeded.active.pages[2]!]
    await page.getByRole('button', { name: 'Import images…' }).click()
    await page.getByText('2 sheets read from 2 images.').waitFor()
    await page.getByText(/^Quorum met/).waitFor()
    expect(await sheetRow(`${seeded.active.setId}-1.png`).textContent()).toContain('Sheet 1 of 2 needed: share 1 valid, presented by Alice Martin')
    expect(await sheetRow(`${seeded.active.setId}-3.png`).textContent()).toContain('Sheet 2 of 2 needed: share 3 valid, presented by Carol Weber')
    await expectAxeClean(page)
    await screenshot('2-images-ready')
    await page.getByRole('button', { name: 'Release to Olivia Operator' }).click()
    await page.getByRole('heading', { level: 2, name: 'AWS access key released to Olivia Operator' }).waitFor()
    await page.getByRole('button', { name: 'Reveal Secret access key' }).click()
    expect(await page.locator('.credential-value').filter({ hasText: SECRET }).textContent()).toBe(SECRET)
    expect(await lastGranted()).toMatchObject({ releaseId, presented: [{ index: 1, custodianId: 'alice-martin' }, { index: 3, custodianId: 'carol-weber' }] })
    // Leaving for aftercare takes the credential off the screen too.
    await page.getByRole('link', { name: 'Go to aftercare' }).click()
    await page.waitForURL(`**#/aftercare/${releaseId}`)
    await expect.poll(() => protectionStates().at(-1)).toBe(false)
    expect(await page.content()).not.toContain(SECRET)
  })

  it('shows wrong-set, retired-set, duplicate, damaged and wrongly presented sheets as clear errors', async () => {
    await fillRequest({ method: AWS_METHOD, useCase: USE_CASE, ticket: 'INC-1004' })
    const [retired, otherSet, share2] = [seeded.retired.pages[0]!, seeded.root.pages[0]!, seeded.active.pages[1]!]
    desktop.nextOpenPaths = [retired, otherSet, share2, share2]
    await page.getByRole('button', { name: 'Import images…' }).click()
    await page.getByText('4 sheets read from 4 images.').waitFor()

    const retiredRow = sheetRow(`${seeded.retired.setId}-1.png`)
    await retiredRow.getByText('From a retired set', { exact: true }).waitFor()
    expect(await retiredRow.textContent()).toContain(`belongs to set ${seeded.retired.setId}, which was retired on ${seeded.retired.retiredOn}`)
    const otherRow = sheetRow(`${seeded.root.setId}-1.png`)
    await otherRow.getByText('From another set', { exact: true }).waitFor()
    expect(await otherRow.textContent()).toContain(`not to the active set ${seeded.active.setId}`)
    const share2Name = `${seeded.active.setId}-2.png`
    await sheetRow(new RegExp(`^\\d${share2Name}Image`)).getByText('Sheet 1 of 2 needed: share 2 valid, presented by Bob Keller').waitFor()
    const duplicate = sheetRow(`${share2Name} (2)`)
    await duplicate.getByText('Already presented', { exact: true }).waitFor()
    expect(await duplicate.textContent()).toContain('Share 2 was already presented by Bob Keller')

    // A damaged sheet: typed groups that are each well formed, but the share inside fails its checksum.
    const carol = seeded.active.payloads.get('carol-weber')!
    const body = carol.slice('CUSTOS:'.length)
    const flipped = `CUSTOS:${body.slice(0, 40)}${body[40] === 'A' ? 'B' : 'A'}${body.slice(41)}`
    await typeSheet(formatTypedLines(flipped).join('\n'))
    const damaged = sheetRow('Typed sheet')
    await damaged.getByText(/^Damaged/).waitFor()

    await expectAxeClean(page)
    await screenshot('2-quorum-errors')

    // Bob's sheet presented by Carol: refused, naming the holder.
    const first = sheetRow(new RegExp(`^\\d${share2Name}Image`))
    await first.getByLabel('Presented by').selectOption({ label: 'Carol Weber' })
    await first.getByText('Not held by this presenter', { exact: true }).waitFor()
    expect(await first.textContent()).toContain('Carol Weber presented share 2, which the log says is held by Bob Keller')
    expect(await page.getByRole('button', { name: 'Release to Olivia Operator' }).isEnabled()).toBe(false)
    await expectAxeClean(page)
    await screenshot('2-quorum-not-held')

    // Removing a sheet takes it off the list; the rest is checked again.
    await retiredRow.getByRole('button', { name: `Remove ${seeded.retired.setId}-1.png` }).click()
    await retiredRow.waitFor({ state: 'detached' })
    expect(await page.getByRole('region', { name: 'Sheets presented' }).getByRole('listitem').count()).toBe(4)

    // The same step in the dark theme.
    await page.emulateMedia({ colorScheme: 'dark' })
    await expectAxeClean(page)
    await screenshot('2-quorum-errors-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('lists a request still waiting for its quorum and continues it', async () => {
    await openScreen(page, host.url, 'break-glass', 'Break glass')
    const waiting = page.getByRole('region', { name: 'Requests waiting for a quorum' })
    await waiting.getByRole('button', { name: 'Continue INC-1004' }).click()
    await page.getByRole('region', { name: 'Request INC-1004' }).waitFor()
    await page.getByText('No sheet yet.').waitFor()
    await expectAxeClean(page)
  })

  it('ran under the strict CSP with no script errors and no request off the loopback host', () => {
    expect(pageProblems).toEqual([])
  })
})
