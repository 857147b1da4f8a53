// The sheets PDF of each set being issued, held in memory by the API object between the
// ceremony's steps (save, print) and dropped at activation or abandonment. Never on disk
// unless the person saves it; lost if the app stops, and then the set is abandoned and redone.
export interface PendingSheets {
  put(setId: string, pdf: Buffer): void
  get(setId: string): Buffer | undefined
  drop(setId: string): void
}

export function createPendingSheets(): PendingSheets {
  const pdfs = new Map<string, Buffer>()
  return {
    put: (setId, pdf) => void pdfs.set(setId, pdf),
    get: (setId) => pdfs.get(setId),
    drop: (setId) => {
      pdfs.get(setId)?.fill(0)
      pdfs.delete(setId)
    },
  }
}
