// Refuses everything a page could do to leave the app: navigating away, redirecting,
// opening windows, attaching webviews. Applied to every web contents Electron creates.
import type { WebContents } from 'electron'
import { isAppUrl } from './app-origin'

export function guardWebContents(contents: WebContents): void {
  // In-page (hash) navigation does not fire these; any real navigation is refused, even to
  // the app's own origin, so a compromised page cannot reload itself into another state.
  contents.on('will-navigate', (event) => event.preventDefault())
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}
