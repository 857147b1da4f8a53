// The text of the small Data Matrix on a sheet's back page (its custody record): it names
// the sheet whose back it is and holds nothing secret. Pure, for the app, CLI and recovery kit.

export interface CustodyMarker {
  setId: string
  index: number
  copy: number
}

const PREFIX = 'CUSTOS-CUSTODY-RECORD:'
const MARKER = /^CUSTOS-CUSTODY-RECORD:([0-9A-Z]{8}):(\d{1,3})\.(\d)$/

/** "CUSTOS-CUSTODY-RECORD:V5Q06ES4:2.1": the back of share 2, copy 1, of set V5Q0-6ES4. */
export function custodyMarkerText(marker: CustodyMarker): string {
  return `${PREFIX}${marker.setId}:${marker.index}.${marker.copy}`
}

/** The sheet a marker names, or undefined for any other text. */
export function parseCustodyMarker(text: string): CustodyMarker | undefined {
  const match = MARKER.exec(text.trim())
  if (!match) return undefined
  return { setId: match[1]!, index: Number(match[2]), copy: Number(match[3]) }
}
