// The Electron main process entry. `Custos --cli …` runs the command line and exits before
// any window, lock or ready event (cli-dispatch.ts); otherwise the desktop app starts
// (desktop-main.ts, awaited here so its hardening still runs before ready).
import { join } from 'node:path'
import { app } from 'electron'
import { cliArgsOf, runCliInApp } from './cli-dispatch'
import { electronNativeBinding, packagedFontDir, packagedRecoveryKitDir } from './native-binding'

const cliArgs = cliArgsOf(process.argv, app.isPackaged)
if (cliArgs) {
  // out/cli inside the app: the asar when packaged, the checkout in development.
  const cliDir = join(app.getAppPath(), 'out', 'cli')
  const host = { nativeBinding: electronNativeBinding(app.getAppPath(), app.isPackaged), fontDir: packagedFontDir(app.isPackaged), recoveryKitDir: packagedRecoveryKitDir(app.isPackaged) }
  app.exit(await runCliInApp(cliArgs, process.env, { cliDir, host }))
} else {
  await import('./desktop-main')
}
