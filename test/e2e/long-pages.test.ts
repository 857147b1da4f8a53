// End to end: long pages fold (issue 16, item 11). At 1024x700 in Debian's Chromium, with the
// real backend behind the loopback host: Custodians & methods names the next setup step, opens
// only its form and folds the rest; a release's aftercare opens only the next unmet obligation,
// each folded one saying in one line whether it is done, due or waiting. The page heights
// (document.documentElement.scrollHeight) before folding were 2,095 px (empty vault) to 3,241 px
// for Custodians & methods and 3,299 px (fresh release) / 1,954 px (all done) for aftercare.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { recordSheetDestroyed } from '../../main/core/ceremonies/custody'
import { recordRevoked, recordRotated } from '../../main/core/ceremonies/release'
import { builtRenderer } from '../helpers/renderer-build'
import { apiCaller } from '../helpers/api-call'
import { expectAxeClean, openE2eBrowser, openScreen, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { awsKeyBundle, issueActiveSet, seedCustodians, seedMethod, seedStandardRelease, STANDARD_CUSTODIANS, STANDARD_METHOD, withCeremonies } from '../helpers/ceremony-seed'

const VIEWPORT = { width: 1024, height: 700 }
/** Forms folded, what is left is the roster (three people) and one method's facts: measured 1,204-1,207 px. */
const ROSTER_AND_METHOD_BOUND = 1300
/** The open revoke step with its AWS CLI commands and evidence form is most of it: measured 2,167 px. */
const FRESH_BOUND = 2400
/** Five folded steps under the "complete" notice: measured 787 px. */
const DONE_BOUND = 1.3 * 700
const work = makeTempDir('custos-e2e-long-pages-')
const dataDir = join(work.path, 'vault')
const clock = fixedClock('2026-05-04T01:00:00Z')
const api = createApi({ dataDir, clock, desktop: createFakeDesktopPort() })
const { must } = apiCaller(api)
let e2e: E2eBrowser
let page: Page
const problems: string[] = []
const heights: Record<string, number> = {}
let releaseId = ''
let oldSetId = ''

/** The page's full height as laid out now, recorded under `name` for the report below. */
async function pageHeight(name: string): Promise<number> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight)
  heights[name] = height
  return height
}

const screenshot = (name: string) => takeScreenshot(page, 'long-pages', name)
const toggle = (title: string) => page.getByRole('button', { name: title, exact: true })
const section = (title: string) => page.getByRole('region', { name: title, exact: true })

async function expectFolded(title: string, folded: boolean): Promise<void> {
  expect(await toggle(title).getAttribute('aria-expanded')).toBe(folded ? 'false' : 'true')
}

/** The one-line status a folded section shows beside its title (its body is hidden). */
async function statusLine(region: Locator): Promise<string> {
  return (await region.locator('.disclosure-head').textContent()) ?? ''
}

beforeAll(async () => {
  await must('vault.init', { name: 'Payments production' })
  e2e = await openE2eBrowser({ api, rendererDir: await builtRenderer(), problems, defaultTimeout: 20_000 })
  page = e2e.page
  await page.setViewportSize(VIEWPORT)
}, 240_000)

afterAll(async () => {
  // What the report quotes: each page's height at 1024x700.
  console.log(`long-pages heights at 1024x700: ${JSON.stringify(heights)}`)
  await e2e?.close()
  work.cleanup()
})

describe('Custodians & methods at 1024x700', () => {
  it('with no custodians: names the next step, opens only the add-custodian form, and stays short', async () => {
    await openScreen(page, e2e.host.url, 'custodians', 'Custodians & methods')
    await page.getByText('No custodians yet.').waitFor()
    const next = page.locator('#next-step')
    await next.getByText(/Add at least 2 custodians/).waitFor()
    await section('Add a custodian').getByText('Next step', { exact: true }).waitFor()
    await expectFolded('Add a custodian', false)
    await expectFolded('Add a method', true)
    await expectFolded('Runbook, ceremony scripts and recovery kit', true)
    expect(await section('Add a method').getByText('Next step', { exact: true }).count()).toBe(0)
    await screenshot('custodians-empty-1024x700')
    expect(await pageHeight('custodians-empty')).toBeLessThanOrEqual(1.5 * VIEWPORT.height)
    await expectAxeClean(page)
  })

  it('folds the form after an add, moves focus to what happened, and opens it again for another', async () => {
    const form = page.getByRole('form', { name: 'Add a custodian' })
    await form.getByLabel('Name', { exact: true }).fill(STANDARD_CUSTODIANS[0]!.name)
    await form.getByLabel('Contact', { exact: true }).fill(STANDARD_CUSTODIANS[0]!.contact)
    await form.getByLabel('Team', { exact: true }).fill(STANDARD_CUSTODIANS[0]!.team)
    await form.getByRole('button', { name: 'Add custodian' }).click()
    const notice = section('Add a custodian').getByRole('status')
    await notice.getByText('Alice Martin (alice-martin) joined the roster.').waitFor()
    await form.waitFor({ state: 'hidden' })
    await expectFolded('Add a custodian', true)
    expect(await page.evaluate(() => document.activeElement?.closest('[role="status"]')?.textContent ?? '')).toContain('joined the roster')
    await page.locator('#next-step').getByText(/Add at least 1 more custodian:/).waitFor()

    await notice.getByRole('button', { name: 'Add another custodian' }).click()
    await expectFolded('Add a custodian', false)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('custodian-name')
    await form.getByLabel('Name', { exact: true }).fill(STANDARD_CUSTODIANS[1]!.name)
    await form.getByLabel('Contact', { exact: true }).fill(STANDARD_CUSTODIANS[1]!.contact)
    await form.getByLabel('Team', { exact: true }).fill(STANDARD_CUSTODIANS[1]!.team)
    await form.getByRole('button', { name: 'Add custodian' }).click()
    await notice.getByText('Bob Keller (bob-keller) joined the roster.').waitFor()
    await form.waitFor({ state: 'hidden' })
  })

  it('with custodians but no method: marks the add-method form as next and opens it', async () => {
    await page.locator('#next-step').getByText(/^Add a method/).waitFor()
    await section('Add a method').getByText('Next step', { exact: true }).waitFor()
    await expectFolded('Add a method', false)
    await expectFolded('Add a custodian', true)
    await expectAxeClean(page)
    await screenshot('custodians-method-next-1024x700')
  })

  it('with a method but no set: links "Issue its first set", with every form folded', async () => {
    await withCeremonies(dataDir, clock, (ctx) => {
      seedCustodians(ctx, STANDARD_CUSTODIANS.slice(2))
      seedMethod(ctx, STANDARD_METHOD)
    })
    await openScreen(page, e2e.host.url, 'custodians', 'Custodians & methods')
    const link = page.locator('#next-step').getByRole('link', { name: 'Issue its first set' })
    await link.waitFor()
    expect(await link.getAttribute('href')).toBe('#/issuance/new')
    expect(await page.locator('#next-step').textContent()).toContain('AWS production break-glass key has no active set of sheets.')
    for (const title of ['Add a custodian', 'Add a method', 'Runbook, ceremony scripts and recovery kit']) await expectFolded(title, true)
    expect(await pageHeight('custodians-method-no-set')).toBeLessThanOrEqual(ROSTER_AND_METHOD_BOUND)
    await expectAxeClean(page)
  })

  it('with an active set: no next step, the forms folded, and a form opens from its heading', async () => {
    const seeded = await withCeremonies(dataDir, clock, (ctx) => seedStandardRelease(ctx, { clock, workDir: join(work.path, 'sheets') }))
    releaseId = seeded.releaseId
    oldSetId = seeded.setId
    await openScreen(page, e2e.host.url, 'custodians', 'Custodians & methods')
    await page.getByRole('button', { name: 'Edit Alice Martin' }).waitFor()
    expect(await page.locator('#next-step').count()).toBe(0)
    for (const title of ['Add a custodian', 'Add a method', 'Runbook, ceremony scripts and recovery kit']) await expectFolded(title, true)
    await screenshot('custodians-active-1024x700')
    expect(await pageHeight('custodians-active')).toBeLessThanOrEqual(ROSTER_AND_METHOD_BOUND)
    await toggle('Add a method').click()
    await page.getByRole('form', { name: 'Add a method' }).getByLabel('Name', { exact: true }).waitFor()
    await pageHeight('custodians-add-method-open')
    await expectAxeClean(page)
  })
})

describe('a release’s aftercare at 1024x700', () => {
  it('fresh: only the next obligation (revoke) is open and marked; the others fold to one line of status', async () => {
    await openScreen(page, e2e.host.url, `aftercare/${releaseId}`, 'Aftercare: INC-4711')
    const revoke = section('Revoke the released credential')
    await revoke.getByText('Next step', { exact: true }).waitFor()
    await expectFolded('Revoke the released credential', false)
    await revoke.getByRole('button', { name: 'Record what AWS did' }).waitFor()
    // The AWS CLI commands arrive a moment later; measure the page as it then stays.
    await revoke.getByText(/aws iam update-access-key/).first().waitFor()
    for (const title of ['Rotate the credential', 'Issue the new set of sheets', 'Destroy the old sheets', 'Post-incident review']) {
      await expectFolded(title, true)
      expect(await section(title).getByText('Next step', { exact: true }).count()).toBe(0)
    }
    expect(await statusLine(section('Rotate the credential'))).toMatch(/Due .*\(tomorrow\)|Due .*\(in \d+ hours\)/)
    expect(await statusLine(section('Destroy the old sheets'))).toContain('Waiting')
    expect(await statusLine(section('Post-incident review'))).toMatch(/Due .*\(in 5 days\)/)
    // Who verified the request is not given yet: its one field is open.
    await page.getByLabel('Verified with').waitFor()
    await screenshot('aftercare-fresh-1024x700')
    expect(await pageHeight('aftercare-fresh')).toBeLessThanOrEqual(FRESH_BOUND)
    await expectAxeClean(page)
  })

  it('opens a folded step from the list of steps, and folds it again from its heading', async () => {
    await page.getByRole('navigation', { name: 'Aftercare steps' }).getByRole('button', { name: /Post-incident review/ }).click()
    await expectFolded('Post-incident review', false)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-review-toggle')
    await section('Post-incident review').getByLabel('Reviewer').waitFor()
    await toggle('Post-incident review').click()
    await expectFolded('Post-incident review', true)
  })

  it('after revoking: revoke folds to "Done" and rotate is the open, marked next step', async () => {
    await withCeremonies(dataDir, clock, (ctx) => recordRevoked(ctx, releaseId, 'Key deactivated in the console by Olivia, CloudTrail event 1f2e'))
    await openScreen(page, e2e.host.url, `aftercare/${releaseId}`, 'Aftercare: INC-4711')
    await section('Rotate the credential').getByText('Next step', { exact: true }).waitFor()
    await expectFolded('Rotate the credential', false)
    await expectFolded('Revoke the released credential', true)
    expect(await statusLine(section('Revoke the released credential'))).toContain('Done')
    await pageHeight('aftercare-revoked')
  })

  it('all done: every step folded to "Done" and the page fits in little more than the window', async () => {
    await withCeremonies(dataDir, clock, async (ctx) => {
      recordRotated(ctx, releaseId, 'New key AKIAI44QH8DHBEXAMPLE created, change CHG-1')
      await issueActiveSet(ctx, {
        methodId: STANDARD_METHOD.methodId,
        bundle: awsKeyBundle('je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE'),
        workDir: join(work.path, 'new-sheets'),
      })
      for (const index of [1, 2, 3]) recordSheetDestroyed(ctx, { setId: oldSetId, index, copy: 1 }, 'Walter Witness')
    })
    await must('release.recordVerification', { releaseId, verification: 'Dana Lead with the payments on-call, by phone' })
    await must('review.complete', {
      releaseId,
      reviewer: 'Lee Tanaka',
      justified: true,
      alternativesConsidered: true,
      revokedAndRotated: true,
      allActionsLogged: true,
      wentWell: 'Quorum in 12 minutes',
      toImprove: 'The rotation waited for the printer',
      actionItems: ['Spare printer with the vault laptop'],
    })
    await openScreen(page, e2e.host.url, `aftercare/${releaseId}`, 'Aftercare: INC-4711')
    await page.getByRole('status').filter({ hasText: 'Aftercare of INC-4711 is complete.' }).waitFor()
    for (const title of ['Revoke the released credential', 'Rotate the credential', 'Issue the new set of sheets', 'Destroy the old sheets', 'Post-incident review']) {
      await expectFolded(title, true)
      expect(await statusLine(section(title))).toContain('Done')
    }
    expect(await page.getByText('Next step', { exact: true }).count()).toBe(0)
    await screenshot('aftercare-done-1024x700')
    expect(await pageHeight('aftercare-done')).toBeLessThanOrEqual(DONE_BOUND)
    await expectAxeClean(page)
    expect(problems).toEqual([])
  })
})
