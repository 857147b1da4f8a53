// End to end: the built renderer in Debian's Chromium, with the real backend behind the
// loopback host (same createApi + dispatch as the Electron IPC bridge), a seeded vault in a
// temp dir, axe-core on every screen and a screenshot of each under test/artifacts/.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from 'vite'
import type { Page } from 'playwright-core'
import { rendererViteConfig } from '../../electron.vite.config'
import { createApi } from '../../main/core/api/create-api'
import { systemClock } from '../../main/core/clock'
import { dispatch } from '../../main/core/api/dispatch'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'
import { startLoopbackHost, type LoopbackHost } from '../helpers/loopback-host'
import { launchChromium } from '../helpers/chromium'
import { makeTempDir } from '../helpers/temp-dir'

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts', 'desktop')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const work = makeTempDir('custos-e2e-')
const rendererDir = join(work.path, 'renderer')
const dataDir = join(work.path, 'vault')
const emptyDir = join(work.path, 'empty-vault')
const desktop = createFakeDesktopPort()
const api = createApi({ dataDir, clock: systemClock, desktop })
let host: LoopbackHost
let emptyHost: LoopbackHost
let browser: Awaited<ReturnType<typeof launchChromium>>
let page: Page
const pageProblems: string[] = []

async function seed(): Promise<void> {
  const must = async (name: string, input: unknown) => {
    const result = await dispatch(api, name, input)
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`)
    return result.value
  }
  await must('vault.init', { name: 'Payments production' })
  await must('shares.split', {
    bundle: {
      kind: 'aws-access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      accountId: '123456789012',
      userName: 'break-glass',
    },
    threshold: 2,
    total: 3,
    label: 'Prod break-glass key',
  })
  await must('shares.split', { bundle: { kind: 'generic', fields: { pin: '2468' } }, threshold: 3, total: 5, label: 'Vault door PIN' })
}

async function openScreen(target: Page, route: string, heading: string): Promise<void> {
  await target.goto(`${host.url}#/${route}`)
  await target.getByRole('heading', { level: 1, name: heading }).waitFor()
}

async function axeViolations(target: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, so the page's CSP (which forbids inline scripts) stays on.
  await target.evaluate(axeSource)
  const results = await target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<any> } }).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
  return (results.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

async function screenshot(target: Page, name: string): Promise<void> {
  await target.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
}

function watch(target: Page): void {
  target.on('console', (message) => {
    if (message.type() === 'error') pageProblems.push(`console: ${message.text()}`)
  })
  target.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`))
  target.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith(host.url) && !url.startsWith(emptyHost.url) && !url.startsWith('data:')) pageProblems.push(`request: ${url}`)
  })
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true })
  await build({ configFile: false, ...rendererViteConfig(rendererDir) })
  await seed()
  host = await startLoopbackHost({ api, rendererDir })
  emptyHost = await startLoopbackHost({ api: createApi({ dataDir: emptyDir, clock: systemClock, desktop }), rendererDir })
  browser = await launchChromium({ colorScheme: 'light' })
  page = await browser.context.newPage()
  watch(page)
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await emptyHost?.close()
  work.cleanup()
})

describe('desktop shell in Chromium', () => {
  it('walks a first-time user through creating a vault', async () => {
    const first = await browser.context.newPage()
    watch(first)
    await first.goto(emptyHost.url)
    await first.getByRole('heading', { level: 1, name: 'Create your vault' }).waitFor()
    expect(await axeViolations(first)).toEqual([])
    await screenshot(first, 'onboarding')
    await first.getByLabel('Vault name').fill('Staging break-glass')
    await first.getByRole('button', { name: 'Create vault' }).click()
    await first.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    await first.getByText('Staging break-glass', { exact: true }).waitFor()
    await first.goto(`${emptyHost.url}#/logbook`)
    await first.getByRole('button', { name: /Entry 1: vault\.created/ }).waitFor()
    await first.close()
  })

  it('shows vault health, the latest checkpoint with its QR, and the issued sets on the dashboard', async () => {
    await openScreen(page, 'dashboard', 'Dashboard')
    const health = page.getByRole('region', { name: 'Vault health' })
    await health.getByText('Verified').waitFor()
    expect(await health.textContent()).toContain('3') // vault.created + two set.issued
    const checkpoint = page.getByRole('region', { name: 'Latest checkpoint' })
    await checkpoint.getByRole('img', { name: /QR code of the checkpoint at entry 3/ }).waitFor()
    expect(await checkpoint.getByLabel('Checkpoint note text').textContent()).toMatch(/^custos\.logbook\/[0-9A-Z]{16}\n3\n/)
    const sets = page.getByRole('region', { name: 'Methods and active share sets' })
    await sets.getByText('Prod break-glass key').waitFor()
    await sets.getByText('Vault door PIN').waitFor()
    expect(await sets.textContent()).toContain('2 of 3')
    expect(await sets.textContent()).toContain('3 of 5')
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'dashboard-light')
  })

  it('raises the obligations banner and lists deadlines when the shell reports due work', async () => {
    host.emit('obligationsDue', {
      items: [
        { id: 'revoke-1', title: 'Revoke the released access key', dueAt: '2026-01-10T10:00:00.000Z', state: 'overdue' },
        { id: 'drill-q1', title: 'Run the quarterly drill', dueAt: '2099-03-31T17:00:00.000Z', state: 'due' },
      ],
    })
    const banner = page.getByRole('region', { name: 'Obligations needing action' })
    await banner.getByText('Revoke the released access key').waitFor()
    expect(await banner.textContent()).toContain('1 overdue')
    const due = page.getByRole('region', { name: 'Due and overdue' })
    await due.getByText('Run the quarterly drill').waitFor()
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'dashboard-obligations')
  })

  it('can be driven by keyboard alone', async () => {
    await openScreen(page, 'dashboard', 'Dashboard')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content')
    await page.keyboard.press('Tab') // Dashboard
    await page.keyboard.press('Tab') // Logbook
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Logbook')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Logbook' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    // Next stop after the heading: the screen's first action.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Verify now')
    await page.keyboard.press('Enter')
    await page.getByText('The logbook verifies.').waitFor()
  })

  it('filters entries, shows an entry in detail, verifies, and prints a checkpoint', async () => {
    await openScreen(page, 'logbook', 'Logbook')
    await page.getByText('Showing 3 of 3 entries.').waitFor()
    await page.getByLabel('Type').selectOption('set.issued')
    await page.getByText('Showing 2 of 3 entries.').waitFor()
    await page.getByRole('button', { name: 'Entry 2: set.issued' }).click()
    const detail = page.getByRole('region', { name: 'Entry 2' })
    expect(await detail.getByLabel('What the entry records').textContent()).toContain('Prod break-glass key')
    // Secrets never reach the log, so the UI cannot show them either.
    expect(await page.content()).not.toContain('wJalrXUtnFEMI')
    await page.getByRole('button', { name: 'Verify now' }).click()
    await page.getByText('The logbook verifies.').waitFor()
    await page.getByRole('button', { name: 'Create checkpoint' }).click()
    const card = page.getByRole('region', { name: 'New checkpoint' })
    await card.getByRole('img', { name: /QR code of the checkpoint at entry 3/ }).waitFor()
    const printsBefore = desktop.callsOf('print').length
    await card.getByRole('button', { name: 'Print checkpoint' }).click()
    await page.getByText('Sent to the printer.').waitFor()
    expect(desktop.callsOf('print').slice(printsBefore)).toEqual([{ kind: 'print', request: { title: 'Custos checkpoint at entry 3' } }])
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'logbook')
  })

  it('keeps the custodians screen accessible while its backend is pending', async () => {
    await openScreen(page, 'custodians', 'Custodians & methods')
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'custodians')
  })

  it('renders the dark theme when the system asks for it', async () => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await openScreen(page, 'logbook', 'Logbook')
    await page.getByText('Showing 3 of 3 entries.').waitFor()
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'logbook-dark')
    await openScreen(page, 'dashboard', 'Dashboard')
    await page.getByRole('region', { name: 'Vault health' }).getByText('Verified').waitFor()
    await screenshot(page, 'dashboard-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })

  it('reports a tampered logbook, naming the entry, on Verify now and on the dashboard', async () => {
    const db = join(dataDir, 'logbook.sqlite')
    execFileSync('sqlite3', [
      db,
      "DROP TRIGGER entries_refuse_update; UPDATE entries SET payload = replace(payload, 'Prod break-glass key', 'Test key') WHERE seq = 2;",
    ])
    expect(execFileSync('sqlite3', [db, 'SELECT payload FROM entries WHERE seq = 2']).toString()).toContain('Test key')
    await openScreen(page, 'logbook', 'Logbook')
    await page.getByRole('button', { name: 'Verify now' }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'does not verify' })
    await alert.waitFor()
    expect(await alert.textContent()).toContain('at entry 2')
    await screenshot(page, 'logbook-tampered')
    await openScreen(page, 'dashboard', 'Dashboard')
    await page.getByRole('region', { name: 'Vault health' }).getByText('Does not verify').waitFor()
    await page.getByText('No checkpoint is issued while the logbook does not verify.').waitFor()
    expect(await axeViolations(page)).toEqual([])
    await screenshot(page, 'dashboard-tampered')
  })

  it('ran under the strict CSP with no script errors and no request off the loopback host', () => {
    expect(pageProblems).toEqual([])
  })
})
