// What only a desktop shell can do (save/open dialogs, print, OS notifications, clipboard,
// content protection), as a small port: Electron implements it in main/app, tests fake it.
export interface FileFilter {
  name: string
  extensions: string[]
}

export interface SaveDialogRequest {
  title: string
  defaultName: string
  filters?: FileFilter[]
}

export interface OpenDialogRequest {
  title: string
  filters?: FileFilter[]
  multiple?: boolean
}

export interface PrintRequest {
  /** Shown in the print dialog and used as the document title. */
  title: string
}

export interface PdfPrintRequest {
  title: string
  /** The document, from memory: sheets are never written to a temporary file to print them. */
  pdf: Uint8Array
}

export interface DesktopNotification {
  title: string
  body: string
  /** 'critical' for overdue obligations: the OS may keep it on screen until dismissed. */
  urgency?: 'normal' | 'critical'
}

export interface ClipboardRequest {
  text: string
  /** Clear the clipboard after this long if it still holds `text` (secrets must not linger). */
  clearAfterMs?: number
}

export interface DesktopPort {
  /** Resolves to the chosen path, or undefined when the person cancelled. */
  showSaveDialog(request: SaveDialogRequest): Promise<string | undefined>
  /** Resolves to the chosen paths; empty when the person cancelled. */
  showOpenDialog(request: OpenDialogRequest): Promise<string[]>
  /** Prints what the app window currently shows (its print stylesheet); false when cancelled. */
  print(request: PrintRequest): Promise<boolean>
  /** Opens the print dialog for a PDF held in memory (the sheets); false when cancelled. */
  printPdf(request: PdfPrintRequest): Promise<boolean>
  notify(notification: DesktopNotification): void
  writeClipboard(request: ClipboardRequest): void
  /** Keeps the window out of screenshots and screen sharing while it can show a secret. */
  setContentProtection(enabled: boolean): void
}
