// The API operations around a revealed secret that only the desktop shell can carry out:
// the clipboard that clears itself and the window kept out of screen capture.
import type { Api } from '../../../shared/api'
import type { Clock } from '../clock'
import type { DesktopPort } from '../desktop/desktop-port'

export const DEFAULT_CLIPBOARD_CLEAR_MS = 30_000

type DesktopOps = Pick<Api, 'clipboard.copySecret' | 'window.protect'>

export function desktopOps(desktop: DesktopPort | undefined, clock: Clock, protectedByDefault: boolean): DesktopOps {
  return {
    'clipboard.copySecret': async ({ text, clearAfterMs }) => {
      const after = clearAfterMs ?? DEFAULT_CLIPBOARD_CLEAR_MS
      desktop?.writeClipboard({ text, clearAfterMs: after })
      return { clearsAt: new Date(clock.now().getTime() + after).toISOString() }
    },
    // A screen asks for protection while it shows a secret; when it is done, the shell's default returns.
    'window.protect': async ({ enabled }) => {
      const effective = enabled || protectedByDefault
      desktop?.setContentProtection(effective)
      return { enabled: effective }
    },
  }
}
