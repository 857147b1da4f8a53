// What every e2e test does to a page: axe-core for serious and critical violations, a
// screenshot under test/artifacts/, and a watch for console errors, page errors and any
// request that leaves the test host; and the one browser an e2e file drives, on the built
// renderer with the real API behind the loopback host.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Api } from '../../shared/api'
import { launchChromium, type ChromiumOptions } from './chromium'
import { startLoopbackHost, type LoopbackHost } from './loopback-host'

export const ARTIFACTS_DIR = join(import.meta.dirname, '..', 'artifacts')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export async function axeViolations(target: Page): Promise<string[]> {
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

/** No serious or critical axe violation on the page as it is now. */
export async function expectAxeClean(target: Page): Promise<void> {
  expect(await axeViolations(target)).toEqual([])
}

/** Saves test/artifacts/<area>/<name>.png; a dialog is kept as the viewport shows it. */
export async function screenshot(target: Page, area: string, name: string, { fullPage = true } = {}): Promise<void> {
  const dir = join(ARTIFACTS_DIR, area)
  mkdirSync(dir, { recursive: true })
  await target.screenshot({ path: join(dir, `${name}.png`), fullPage })
}

/** Collects console errors, uncaught page errors and requests to anything but the given origins. */
export function watchPage(target: Page, allowedOrigins: () => string[], problems: string[]): void {
  target.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  target.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  target.on('request', (request) => {
    const url = request.url()
    if (!url.startsWith('data:') && !url.startsWith('blob:') && !allowedOrigins().some((o) => url.startsWith(o))) problems.push(`request: ${url}`)
  })
}

/** Opens #/route and waits for the screen's h1 (reloads when only the hash would change). */
export async function openScreen(target: Page, base: string, route: string, heading: string | RegExp): Promise<void> {
  const url = `${base}#/${route}`
  if (target.url() === url) await target.reload()
  else await target.goto(url)
  await target.getByRole('heading', { level: 1, name: heading }).waitFor()
}

export type Chromium = Awaited<ReturnType<typeof launchChromium>>

export interface E2eBrowser {
  host: LoopbackHost
  browser: Chromium
  page: Page
  /** Closes the browser, then the host. */
  close(): Promise<void>
}

/**
 * Serves the built renderer with `api` behind the loopback host and opens one page in Chromium,
 * watched into `problems` (requests may go to the host and to `otherOrigins`).
 */
export async function openE2eBrowser(options: {
  api: Api
  rendererDir: string
  problems: string[]
  /** Given the host's origin, e.g. to grant it a fake camera. */
  chromium?: (origin: string) => ChromiumOptions
  defaultTimeout?: number
  otherOrigins?: () => string[]
}): Promise<E2eBrowser> {
  const host = await startLoopbackHost({ api: options.api, rendererDir: options.rendererDir })
  const browser = await launchChromium(options.chromium?.(new URL(host.url).origin) ?? { colorScheme: 'light' })
  const page = await browser.context.newPage()
  // Waits, not timed assertions: a shared 2-core machine may take long to paint; a broken page still fails.
  page.setDefaultTimeout(Math.max(options.defaultTimeout ?? 0, 45_000))
  watchPage(page, () => [host.url, ...(options.otherOrigins?.() ?? [])], options.problems)
  return {
    host,
    browser,
    page,
    close: async () => {
      await browser.close()
      await host.close()
    },
  }
}

/** Opens a folded section (renderer/components/disclosure-section.tsx) by its heading's button; an open one stays open. */
export async function openSection(target: Page, title: string): Promise<void> {
  const toggle = target.getByRole('button', { name: title, exact: true })
  // The page opens the next step's section itself once its data is in: a click that lands just
  // after that folds it again, so look again after each click.
  for (let attempt = 0; attempt < 3 && (await toggle.getAttribute('aria-expanded')) !== 'true'; attempt++) await toggle.click()
  await target.locator(`[aria-expanded="true"]`).filter({ hasText: title }).waitFor()
}
