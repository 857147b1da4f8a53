// The operations around a revealed secret: the clipboard clears itself after 30 s unless
// told otherwise, and window protection never drops below the shell's always-on default.
import { describe, expect, it } from 'vitest'
import { createApi } from '../../main/core/api/create-api'
import { dispatch } from '../../main/core/api/dispatch'
import { fixedClock } from '../../main/core/clock'
import { createFakeDesktopPort } from '../helpers/fake-desktop-port'

function apiWith(windowProtectedByDefault: boolean) {
  const desktop = createFakeDesktopPort()
  const api = createApi({ dataDir: '/nonexistent-custos-vault', clock: fixedClock('2026-04-01T09:00:00Z'), desktop, windowProtectedByDefault })
  return { desktop, call: (name: string, input: unknown) => dispatch(api, name, input) }
}

describe('desktop operations', () => {
  it('copies a secret and has the clipboard cleared after 30 seconds by default', async () => {
    const { desktop, call } = apiWith(true)
    expect(await call('clipboard.copySecret', { text: 's3cret' })).toEqual({ ok: true, value: { clearsAt: '2026-04-01T09:00:30.000Z' } })
    expect(await call('clipboard.copySecret', { text: 's3cret', clearAfterMs: 5000 })).toMatchObject({ ok: true })
    expect(desktop.callsOf('clipboard').map((c) => c.request.clearAfterMs)).toEqual([30_000, 5000])
  })

  it('refuses a clipboard that would never clear', async () => {
    const { call } = apiWith(true)
    expect(await call('clipboard.copySecret', { text: 's3cret', clearAfterMs: 3_600_000 })).toMatchObject({ ok: false, error: { code: 'USAGE' } })
  })

  it('keeps the window protected after a screen releases protection when the shell protects it by default', async () => {
    const { desktop, call } = apiWith(true)
    await call('window.protect', { enabled: true })
    expect(await call('window.protect', { enabled: false })).toEqual({ ok: true, value: { enabled: true } })
    expect(desktop.callsOf('contentProtection').map((c) => c.enabled)).toEqual([true, true])
  })

  it('lifts protection again where the shell has no such default', async () => {
    const { desktop, call } = apiWith(false)
    await call('window.protect', { enabled: true })
    await call('window.protect', { enabled: false })
    expect(desktop.callsOf('contentProtection').map((c) => c.enabled)).toEqual([true, false])
  })
})
