// Launches Debian's Chromium (never a downloaded browser) headless with a fresh profile,
// for e2e tests through playwright-core.
import { chromium, type BrowserContext } from 'playwright-core'
import { makeTempDir } from './temp-dir'

export const CHROMIUM_PATH = process.env.CUSTOS_CHROMIUM ?? '/usr/bin/chromium'

export async function launchChromium(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<{
  context: BrowserContext
  close(): Promise<void>
}> {
  const profile = makeTempDir('custos-chromium-')
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    context,
    close: async () => {
      await context.close()
      profile.cleanup()
    },
  }
}
