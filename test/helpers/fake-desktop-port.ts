// A DesktopPort that records what the app asked for (dialogs, print, notifications,
// clipboard, content protection) and answers with scripted choices.
import type {
  ClipboardRequest,
  DesktopNotification,
  DesktopPort,
  OpenDialogRequest,
  PdfPrintRequest,
  PrintRequest,
  SaveDialogRequest,
} from '../../main/core/desktop/desktop-port'

export type DesktopCall =
  | { kind: 'saveDialog'; request: SaveDialogRequest }
  | { kind: 'openDialog'; request: OpenDialogRequest }
  | { kind: 'print'; request: PrintRequest }
  | { kind: 'printPdf'; request: PdfPrintRequest }
  | { kind: 'notify'; notification: DesktopNotification }
  | { kind: 'clipboard'; request: ClipboardRequest }
  | { kind: 'contentProtection'; enabled: boolean }

export interface FakeDesktopPort extends DesktopPort {
  readonly calls: DesktopCall[]
  /** What the next save dialog answers (undefined = the person cancels). */
  nextSavePath: string | undefined
  nextOpenPaths: string[]
  /** What print() answers. */
  printSucceeds: boolean
  callsOf<K extends DesktopCall['kind']>(kind: K): Extract<DesktopCall, { kind: K }>[]
}

export function createFakeDesktopPort(): FakeDesktopPort {
  const calls: DesktopCall[] = []
  const port: FakeDesktopPort = {
    calls,
    nextSavePath: undefined,
    nextOpenPaths: [],
    printSucceeds: true,
    callsOf: (kind) => calls.filter((call) => call.kind === kind) as never,
    showSaveDialog: async (request) => {
      calls.push({ kind: 'saveDialog', request })
      return port.nextSavePath
    },
    showOpenDialog: async (request) => {
      calls.push({ kind: 'openDialog', request })
      return port.nextOpenPaths
    },
    print: async (request) => {
      calls.push({ kind: 'print', request })
      return port.printSucceeds
    },
    printPdf: async (request) => {
      calls.push({ kind: 'printPdf', request })
      return port.printSucceeds
    },
    notify: (notification) => {
      calls.push({ kind: 'notify', notification })
    },
    writeClipboard: (request) => {
      calls.push({ kind: 'clipboard', request })
    },
    setContentProtection: (enabled) => {
      calls.push({ kind: 'contentProtection', enabled })
    },
  }
  return port
}
