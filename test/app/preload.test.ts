// The preload exposes exactly the contract's operations and the event subscriptions as
// window.custos, and never ipcRenderer or an IPC event object.
import { describe, expect, it, vi } from 'vitest'
import { OPERATION_NAMES } from '../../shared/api'
import { DESKTOP_EVENT_NAMES, ipcChannel, subscriptionName } from '../../shared/desktop-events'
import type { FakeElectron } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).createFakeElectron())

const electron = (await import('electron')) as unknown as FakeElectron
await import('../../main/preload/index')
const custos = electron.state.exposed.custos as Record<string, (...args: unknown[]) => unknown>

describe('preload bridge', () => {
  it('exposes exactly the contract operations plus one onX subscription per desktop event', () => {
    expect(Object.keys(electron.state.exposed)).toEqual(['custos'])
    const expected = [...OPERATION_NAMES, ...DESKTOP_EVENT_NAMES.map((e) => subscriptionName(e))]
    expect(Object.keys(custos).sort()).toEqual(expected.sort())
    expect(Object.isFrozen(custos)).toBe(true)
    for (const value of Object.values(custos)) expect(value).toBeTypeOf('function')
  })

  it('sends each operation on its own channel and returns the result value untouched', async () => {
    const result = await custos['vault.status']!({})
    expect(electron.state.invoked.at(-1)).toEqual({ channel: ipcChannel.operation('vault.status'), args: [{}] })
    expect(result).toEqual({ ok: true, value: { channel: ipcChannel.operation('vault.status') } })
  })

  it('hands subscribers the payload only and unsubscribes cleanly', () => {
    const received: unknown[][] = []
    const unsubscribe = custos.onObligationsDue!((...args: unknown[]) => received.push(args)) as () => void
    const listeners = electron.state.rendererListeners.get(ipcChannel.event('obligationsDue'))!
    expect(listeners.size).toBe(1)
    const ipcEvent = { sender: { send: () => undefined }, ports: [] }
    for (const listener of listeners) listener(ipcEvent, { items: [] })
    expect(received).toEqual([[{ items: [] }]])
    unsubscribe()
    expect(listeners.size).toBe(0)
  })

  it('refuses a subscription without a callback', () => {
    expect(() => custos.onConnectedMode!('not a function')).toThrow(TypeError)
  })
})
