// End to end: the ceremony papers from the app, as a vault owner would print them: the
// break-glass script and the recovery kit saved through the desktop's dialog, and a step of
// a script recorded as done, which the logbook then shows in words.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createApi } from '../../main/core/api/create-api'
import { systemClock } from '../../main/core/clock'
import { builtRenderer } from '../helpers/renderer-build'
import { expectAxeClean, openE2eBrowser, openScreen, openSection, screenshot as takeScreenshot, type E2eBrowser } from '../helpers/e2e-page'
import { apiCaller } from '../helpers/api-call'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { makeTempDir } from '../helpers/temp-dir'
import { awsKeyBundle, issueActiveSet, seedStandardVault } from '../helpers/ceremony-seed'

const work = makeTempDir('custos-e2e-papers-')
const dataDir = join(work.path, 'vault')
const desktop = createFakeDesktopPort()
const api = createApi({ dataDir, clock: systemClock, desktop })
const { must } = apiCaller(api)
let e2e: E2eBrowser
let page: Page
const pageProblems: string[] = []

beforeAll(async () => {
  const [rendererDir] = await Promise.all([
    builtRenderer(),
    seedStandardVault(api, dataDir, systemClock, (ctx) => issueActiveSet(ctx, { methodId: 'aws-prod', bundle: awsKeyBundle(), workDir: join(work.path, 'sheets') })),
  ])
  e2e = await openE2eBrowser({ api, rendererDir, problems: pageProblems })
  page = e2e.page
})
afterAll(async () => {
  await e2e?.close()
  work.cleanup()
})

describe('ceremony papers from the app', () => {
  it('saves the break-glass script of a method and the recovery kit through the save dialog', async () => {
    await openScreen(page, e2e.host.url, 'custodians', 'Custodians & methods')
    const card = page.getByRole('region', { name: 'Runbook, ceremony scripts and recovery kit' })
    await card.waitFor()
    // The papers fold away on the Custodians & methods screen: open them.
    await openSection(page, 'Runbook, ceremony scripts and recovery kit')
    await expectAxeClean(page)

    desktop.nextSavePath = join(work.path, 'break-glass.pdf')
    await card.getByRole('button', { name: 'Save break-glass script…' }).click()
    await card.getByText(/The break-glass script of AWS production break-glass key was saved to/).waitFor()
    expect(statSync(desktop.nextSavePath).mode & 0o777).toBe(0o600)
    const text = execFileSync('pdftotext', ['-layout', desktop.nextSavePath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain('Break-glass script: AWS production break-glass key')
    expect(text).toMatch(/Share 1: Alice Martin \(id alice-martin, copy 1/)
    expect(text).toContain('+41 44 000 00 01')

    desktop.nextSavePath = join(work.path, 'kit')
    await card.getByRole('button', { name: 'Save recovery kit…' }).click()
    await card.getByText(/The recovery kit was saved to/).waitFor()
    for (const file of ['recover.html', 'README.txt', 'FORMAT.md', 'SHA256SUMS']) expect(existsSync(join(desktop.nextSavePath, file))).toBe(true)
    expect(readFileSync(join(desktop.nextSavePath, 'SHA256SUMS'), 'utf8')).toMatch(/^[0-9a-f]{64} {2}recover\.html$/m)
    await takeScreenshot(page, 'scripts', 'ceremony-papers-card')
  })

  it('records "step 3 of the drill script done by Alice" and the logbook shows it in words', async () => {
    const form = page.getByRole('form', { name: /Record a step of a script/ })
    await form.getByRole('button', { name: 'Record step' }).click()
    await form.getByText('Choose the script.').waitFor()
    await form.getByLabel('Script').selectOption('drill')
    await form.getByLabel('Step number').fill('3')
    await form.getByLabel('Done by').fill('alice-martin')
    await form.getByRole('button', { name: 'Record step' }).click()
    await form.getByText(/Recorded: step 3 of the drill script done by Alice Martin/).waitFor()
    const { entries } = await must<{ entries: { type: string; event: { doneBy: string; step: number } }[] }>('log.entries', { newestFirst: true, limit: 1 })
    expect(entries[0]).toMatchObject({ type: 'script.step-done', event: { doneBy: 'Alice Martin', step: 3 } })
    await openScreen(page, e2e.host.url, 'logbook', 'Logbook')
    await page.getByText(/Alice Martin did step 3 of the drill script/).first().waitFor()
    expect(pageProblems).toEqual([])
  })
})
