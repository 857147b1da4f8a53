// Launches Debian's Chromium (never a downloaded browser) headless with a fresh profile,
// for e2e tests through playwright-core.
import { chromium, type BrowserContext } from 'playwright-core'
import { makeTempDir } from './temp-dir'

export const CHROMIUM_PATH = process.env.CUSTOS_CHROMIUM ?? '/usr/bin/chromium'

export interface ChromiumOptions {
  colorScheme?: 'light' | 'dark'
  /**
   * A .y4m file Chromium plays, looped, as the only camera (--use-fake-device-for-media-stream);
   * camera permission is then granted to this origin alone, as the Electron app grants its own.
   */
  fakeCamera?: { video: string; origin: string }
}

export async function launchChromium(options: ChromiumOptions = {}): Promise<{
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
      ...(options.fakeCamera
        ? ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeCamera.video}`]
        : []),
    ],
  })
  if (options.fakeCamera) await context.grantPermissions(['camera'], { origin: options.fakeCamera.origin })
  return {
    context,
    close: async () => {
      await context.close()
      profile.cleanup()
    },
  }
}
