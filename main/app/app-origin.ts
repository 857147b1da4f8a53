// The app's own origin: the renderer is served from app://custos (never file://), so every
// check (IPC sender, navigation, permissions, network) compares against this one value.
export const APP_SCHEME = 'app'
export const APP_HOST = 'custos'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** True only for URLs on the app's own origin (same scheme, host and no port or credentials). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  } catch {
    return false
  }
}
