// End to end: a drill in Debian's Chromium, driven as a new user would, with the real backend
// behind the loopback host: choose the method, present sheets (pdftoppm renders of the real
// sheets PDF through "Import images…"), run the drill, read the result and each sheet's new
// verification date. axe-core and a screenshot on every step (test/artifacts/drill/).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createApi } from '../../main/core/api/create-api'
import { systemClock } from '../../main/core/clock'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { awsKeyBundle, EXAMPLE_SECRET as SECRET, issueActiveSet, seedStandardVault } from '../helpers/ceremony-seed'

const work = makeTempDir('custos-e2e-drill-')
const dataDir = join(work.path, 'vault')
const desktop = createFakeDesktopPort()
const api = createApi({ dataDir, clock: systemClock, desktop })
const { must } = apiCaller(api)
let e2e: E2eBrowser
let host: E2eBrowser['host']
let page: Page
let setId = ''
let pages: string[] = []
const pageProblems: string[] = []

type SetSheets = { sets: { setId: string; sheets: { index: number; copy: number; custodianName: string; lastVerified?: string }[] }[] }

async function seed(): Promise<void> {
  await seedStandardVault(api, dataDir, systemClock, async (ctx) => {
    const set = await issueActiveSet(ctx, { methodId: 'aws-prod', bundle: awsKeyBundle(), workDir: join(work.path, 'sheets') })
    setId = set.setId
    pages = [1, 2, 3].map((n) => join(work.path, 'sheets', `${setId}-${n}.png`))
  })
}

const screenshot = (name: string) => takeScreenshot(page, 'drill', name)

beforeAll(async () => {
  const [rendererDir] = await Promise.all([builtRenderer(), seed()])
  e2e = await openE2eBrowser({ api, rendererDir, problems: pageProblems })
  ;({ host, page } = e2e)
})

afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

describe('drill in Chromium', () => {
  it('passes a drill with two custodians’ sheets and shows each sheet’s new verification date', async () => {
    const before = await must<SetSheets>('sets.list', { methodId: 'aws-prod' })
    const verifiedBefore = before.sets[0]!.sheets.map((s) => s.lastVerified)

    await openScreen(page, host.url, 'drill', 'Drill')
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    await page.getByLabel('Break-glass method').waitFor()
    await expectAxeClean(page)
    await screenshot('1-choose-method')
    await page.getByRole('button', { name: 'Start the drill' }).click()

    await page.getByRole('heading', { level: 2, name: 'Present the sheets' }).waitFor()
    desktop.nextOpenPaths = [pages[1]!, pages[2]!]
    await page.getByRole('button', { name: 'Import images…' }).click()
    await page.getByText(/^Quorum met: 2 of 2 sheets needed are valid\.$/).waitFor()
    const rows = page.getByRole('region', { name: 'Sheets presented' }).getByRole('listitem')
    expect(await rows.allTextContents()).toEqual([
      expect.stringContaining('Sheet 1 of 2 needed: share 2 valid, presented by Bob Keller'),
      expect.stringContaining('Sheet 2 of 2 needed: share 3 valid, presented by Carol Weber'),
    ])
    await page.getByLabel('Note').fill('Quarterly drill, Zurich office')
    await expectAxeClean(page)
    await screenshot('2-quorum')

    await page.getByRole('button', { name: 'Run the drill' }).click()
    const result = page.getByRole('region', { name: /Drill passed/ })
    await result.waitFor()
    expect(await result.getByRole('status').textContent()).toContain(`set ${setId} opens`)
    // Verify-only: the credential never reaches the page.
    expect(await page.content()).not.toContain(SECRET)

    const logged = (await must<{ entries: { event: Record<string, any> }[] }>('log.entries', { type: 'drill.completed', newestFirst: true, limit: 1 })).entries[0]!.event
    expect(logged).toMatchObject({ methodId: 'aws-prod', setId, result: 'passed', note: 'Quarterly drill, Zurich office' })
    expect(logged.presented.map((p: { index: number }) => p.index)).toEqual([2, 3])

    // The table shows the dates the logbook now holds: new for shares 2 and 3, unchanged for share 1.
    const after = (await must<SetSheets>('sets.list', { methodId: 'aws-prod' })).sets[0]!.sheets
    expect(after[1]!.lastVerified).not.toBe(verifiedBefore[1])
    expect(after[2]!.lastVerified).not.toBe(verifiedBefore[2])
    expect(after[0]!.lastVerified).toBe(verifiedBefore[0])
    const table = result.getByRole('table')
    for (const sheet of after) {
      const row = table.getByRole('row', { name: new RegExp(`Share ${sheet.index}, copy ${sheet.copy}`) })
      expect(await row.textContent()).toContain(sheet.custodianName)
      if (sheet.lastVerified) expect(await row.locator('time').getAttribute('datetime')).toBe(sheet.lastVerified)
      expect(await row.getByText('verified in this drill').count()).toBe(sheet.index === 1 ? 0 : 1)
    }
    await expectAxeClean(page)
    await screenshot('3-passed')

    await result.getByRole('button', { name: 'Print the result' }).click()
    await result.getByText('Sent to the printer.').waitFor()
    expect(desktop.callsOf('print').at(-1)!.request.title).toBe(`Custos drill ${logged.drillId}`)
  })

  it('ran under the strict CSP with no script errors and no request off the loopback host', () => {
    expect(pageProblems).toEqual([])
  })
})
