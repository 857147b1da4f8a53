// End to end: every screen of the app at 1024x700 and 1920x1080, light and dark, in Debian's
// Chromium with the real backend behind the loopback host. A screenshot of each lands in
// test/artifacts/screens/ as <screen>-<theme>-<width>x<height>.png; axe-core finds no serious
// or critical issue on any; and nothing is cut off sideways at 1024 px.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createApi } from '../../main/core/api/create-api'
import { fixedClock } from '../../main/core/clock'
import { builtRenderer } from '../helpers/renderer-build'
import { axeViolations, openE2eBrowser, screenshot, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { seedStandardRelease, seedStandardVault, STANDARD_METHOD, STANDARD_USE_CASE } from '../helpers/ceremony-seed'
import { releaseRequest } from '../helpers/release-request'

const work = makeTempDir('custos-e2e-screens-')
const dataDir = join(work.path, 'vault')
const clock = fixedClock('2026-11-02T02:00:00Z')
const api = createApi({ dataDir, clock, desktop: createFakeDesktopPort() })
const { must } = apiCaller(api)
let e2e: E2eBrowser
let page: Page
const problems: string[] = []
let releaseId = ''
let waitingId = ''

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1920, height: 1080 },
] as const
const THEMES = ['light', 'dark'] as const

/** Every screen: its address, the h1 it shows, and what to wait for before the picture. */
const SCREENS: { name: string; route: () => string; heading: string | RegExp; ready?: (page: Page) => Promise<unknown> }[] = [
  { name: 'dashboard', route: () => 'dashboard', heading: 'Dashboard', ready: (p) => p.getByText('Latest checkpoint').waitFor() },
  { name: 'break-glass-request', route: () => 'break-glass', heading: 'Break glass', ready: (p) => p.getByRole('form', { name: 'Request the release' }).waitFor() },
  { name: 'break-glass-quorum', route: () => `break-glass/${waitingId}`, heading: 'Break glass', ready: (p) => p.getByRole('heading', { name: 'Present the sheets' }).waitFor() },
  { name: 'issuance', route: () => 'issuance', heading: 'Issue a set of sheets', ready: (p) => p.getByRole('heading', { level: 2 }).first().waitFor() },
  { name: 'drill', route: () => 'drill', heading: 'Drill', ready: (p) => p.getByRole('button', { name: 'Start the drill' }).waitFor() },
  { name: 'aftercare', route: () => 'aftercare', heading: 'Aftercare', ready: (p) => p.getByRole('heading', { level: 2 }).first().waitFor() },
  { name: 'aftercare-release', route: () => `aftercare/${releaseId}`, heading: /Aftercare: INC-4711/, ready: (p) => p.getByRole('navigation', { name: 'Aftercare steps' }).waitFor() },
  { name: 'audit', route: () => 'audit', heading: 'Audit' },
  { name: 'logbook', route: () => 'logbook', heading: 'Logbook', ready: (p) => p.getByText(/^Showing \d+ of \d+ entries\.$/).waitFor() },
  { name: 'custodians', route: () => 'custodians', heading: 'Custodians & methods', ready: (p) => p.getByRole('button', { name: 'Edit Alice Martin' }).waitFor() },
  { name: 'roster-review', route: () => 'roster', heading: 'Review the roster', ready: (p) => p.getByRole('cell', { name: /Operations/ }).first().waitFor() },
]

beforeAll(async () => {
  await seedStandardVault(api, dataDir, clock, async (ctx) => {
    releaseId = (await seedStandardRelease(ctx, { clock, workDir: join(work.path, 'sheets') })).releaseId
  })
  waitingId = (await must<{ releaseId: string }>('release.request', releaseRequest({ methodId: STANDARD_METHOD.methodId, useCase: STANDARD_USE_CASE, incidentTicket: 'INC-4800' }))).releaseId
  e2e = await openE2eBrowser({ api, rendererDir: await builtRenderer(), problems, defaultTimeout: 20_000 })
  page = e2e.page
}, 240_000)

afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

describe('every screen at 1024x700 and 1920x1080, light and dark', () => {
  for (const size of SIZES) {
    for (const theme of THEMES) {
      it(`${size.width}x${size.height} ${theme}: screenshots, no serious accessibility issue, nothing cut off sideways`, async () => {
        await page.setViewportSize(size)
        await page.emulateMedia({ colorScheme: theme })
        const found: string[] = []
        for (const screen of SCREENS) {
          await page.goto('about:blank')
          await page.goto(`${e2e.host.url}#/${screen.route()}`)
          await page.getByRole('heading', { level: 1, name: screen.heading }).waitFor()
          await screen.ready?.(page)
          await screenshot(page, 'screens', `${screen.name}-${theme}-${size.width}x${size.height}`, { fullPage: false })
          found.push(...(await axeViolations(page)).map((v) => `${screen.name}: ${v}`))
          // The content fits the window's width: no horizontal scrolling, nothing clipped.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
          if (overflow > 1) found.push(`${screen.name}: ${overflow}px wider than the window`)
        }
        expect(found).toEqual([])
        expect(problems).toEqual([])
      }, 240_000)
    }
  }
})
