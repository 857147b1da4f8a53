// The preload: exposes window.custos with exactly the contract's operations (one IPC
// channel each, results as ApiResult values) and onX(callback) subscriptions. It never
// hands the page ipcRenderer or an IPC event object.
import { contextBridge, ipcRenderer } from 'electron'
import { OPERATION_NAMES, type ApiResult, type CustosBridge } from '../../shared/api'
import {
  DESKTOP_EVENT_NAMES,
  ipcChannel,
  subscriptionName,
  type CustosWindowApi,
  type DesktopEventName,
  type DesktopSubscriptions,
} from '../../shared/desktop-events'

function operations(): CustosBridge {
  const bridge: Record<string, (input: unknown) => Promise<ApiResult<unknown>>> = {}
  for (const name of OPERATION_NAMES) {
    bridge[name] = (input) => ipcRenderer.invoke(ipcChannel.operation(name), input ?? {}) as Promise<ApiResult<unknown>>
  }
  return bridge as CustosBridge
}

function subscriptions(): DesktopSubscriptions {
  const subs: Record<string, (callback: (payload: unknown) => void) => () => void> = {}
  for (const event of DESKTOP_EVENT_NAMES as readonly DesktopEventName[]) {
    subs[subscriptionName(event)] = (callback) => {
      if (typeof callback !== 'function') throw new TypeError(`${subscriptionName(event)} needs a function`)
      // The renderer gets the payload only, never the IpcRendererEvent (which reaches ipcRenderer).
      const listener = (_event: unknown, payload: unknown) => callback(payload)
      ipcRenderer.on(ipcChannel.event(event), listener)
      return () => {
        ipcRenderer.removeListener(ipcChannel.event(event), listener)
      }
    }
  }
  return subs as DesktopSubscriptions
}

const custos: CustosWindowApi = Object.freeze({ ...operations(), ...subscriptions() })
contextBridge.exposeInMainWorld('custos', custos)
