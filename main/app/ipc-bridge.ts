// Binds every contract operation to its own IPC channel. Each call's sender is checked (our
// window, our origin, the main frame) before main/core/api/dispatch validates the input.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { OPERATION_NAMES, type Api, type ApiResult } from '../../shared/api'
import { ipcChannel } from '../../shared/desktop-events'
import { dispatch } from '../core/api/dispatch'
import { isAppUrl } from './app-origin'

export interface SenderFacts {
  /** The web contents that sent the call. */
  senderId: number
  /** The frame that sent it; null when it has gone away. */
  frameUrl: string | undefined
  isMainFrame: boolean
}

/** Only our own windows, loaded from app://custos, from their top frame, may call the API. */
export function isTrustedSender(facts: SenderFacts, trustedWebContentsIds: ReadonlySet<number>): boolean {
  return trustedWebContentsIds.has(facts.senderId) && facts.isMainFrame && isAppUrl(facts.frameUrl)
}

export function senderFacts(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderFacts {
  const frame = event.senderFrame
  return {
    senderId: event.sender.id,
    frameUrl: frame?.url,
    isMainFrame: frame != null && frame.parent === null,
  }
}

export const REFUSED_SENDER_RESULT: ApiResult<never> = {
  ok: false,
  error: {
    code: 'IPC_SENDER_REFUSED',
    message: 'This request did not come from a Custos window and was refused. Restart Custos if you see this.',
  },
}

export function bindApi(ipcMain: IpcMain, api: Api, trustedWebContentsIds: ReadonlySet<number>): () => void {
  for (const name of OPERATION_NAMES) {
    ipcMain.handle(ipcChannel.operation(name), async (event, input: unknown) => {
      if (!isTrustedSender(senderFacts(event), trustedWebContentsIds)) return REFUSED_SENDER_RESULT
      return dispatch(api, name, input)
    })
  }
  return () => {
    for (const name of OPERATION_NAMES) ipcMain.removeHandler(ipcChannel.operation(name))
  }
}

/** Pushes a desktop event to a window, if it is still there. */
export function sendEvent(contents: WebContents | undefined, channel: string, payload: unknown): void {
  if (contents && !contents.isDestroyed()) contents.send(channel, payload)
}
