// What every e2e test does to a page: axe-core for serious and critical violations, a
// screenshot under test/artifacts/, and a watch for console errors, page errors and any
// request that leaves the test host.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'

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
