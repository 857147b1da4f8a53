// What stands in for the desktop's dialogs on the command line: a save "dialog" answers with
// the path given in a flag and an open "dialog" with the files named, so the core writes and
// reads them exactly as it does for the app. Print, clipboard and window calls do nothing.
import type { DesktopPort, OpenDialogRequest, SaveDialogRequest } from '../core/api'

export interface CliDialogs {
  /** The path a flag gave for this save request (e.g. --pdf for a PDF, --out for a folder). */
  save?: (request: SaveDialogRequest) => string | undefined
  /** The files named on the command line for this open request. */
  open?: (request: OpenDialogRequest) => string[]
}

export function cliDesktop(dialogs: CliDialogs): DesktopPort {
  return {
    showSaveDialog: async (request) => dialogs.save?.(request),
    showOpenDialog: async (request) => dialogs.open?.(request) ?? [],
    print: async () => false,
    printPdf: async () => false,
    notify: () => undefined,
    writeClipboard: () => undefined,
    setContentProtection: () => undefined,
  }
}

/** A save dialog that always answers with one path (a command writes one file). */
export function saveTo(path: string): DesktopPort {
  return cliDesktop({ save: () => path })
}
