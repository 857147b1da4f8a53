// The look shared by both sides of a printed sheet: margins, inks and the embedded fonts'
// names, so the share face and its custody-record back read as one document.

export const MARGIN_X = 42
export const TOP = 38

export const INK = '#000000'
export const SOFT = '#4a4a4a'
export const RULE = '#b8b8b8'
export const PANEL = '#f3f3f3'

export const FONT = { sans: 'CustosSans', sansBold: 'CustosSansBold', mono: 'CustosMono', monoBold: 'CustosMonoBold' } as const

/** An unambiguous date for any reader: 2026-03-14 (14 March 2026). */
export function formatDate(date: Date): string {
  const iso = date.toISOString().slice(0, 10)
  const long = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  return `${iso} (${long})`
}

export function rule(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number): void {
  doc.lineWidth(0.6).strokeColor(RULE).moveTo(x1, y).lineTo(x2, y).stroke()
}
