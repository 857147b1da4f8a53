// Page layout for the audit PDF: a cursor over A4 pages with a running header (vault,
// period) and footer (page X of Y), headings, fact lists, paragraphs and tables that repeat
// their header row across page breaks. Positions are managed here, never by pdfkit's flow,
// so a footer can never push a blank page.

export const FONT = { sans: 'AuditSans', bold: 'AuditSansBold', mono: 'AuditMono', monoBold: 'AuditMonoBold' } as const
export const COLOR = {
  ink: '#1b1f24',
  soft: '#555d66',
  accent: '#1f3a5f',
  rule: '#c4c9cf',
  panel: '#f1f3f5',
  ok: '#1e6b35',
  bad: '#a11d1d',
  warn: '#8a5a00',
} as const

export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 50, top: 72, bottom: 64 } as const
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right

export interface FrameInfo {
  vaultName: string
  periodText: string
  headText: string
  generatedText: string
}

export interface Column<Row> {
  title: string
  width: number
  mono?: boolean
  align?: 'left' | 'right'
  value: (row: Row) => string
  color?: (row: Row) => string | undefined
}

export type Fact = [label: string, value: string, options?: { mono?: boolean; color?: string }]

export class AuditWriter {
  y: number = PAGE.top
  private runningTitle = ''

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly frame: FrameInfo,
  ) {}

  get width(): number {
    return CONTENT_WIDTH
  }

  newPage(): void {
    this.doc.addPage()
    this.y = PAGE.top
    if (this.runningTitle) {
      this.doc.font(FONT.sans).fontSize(8).fillColor(COLOR.soft)
      this.doc.text(`${this.runningTitle} (continued)`, PAGE.left, this.y, { width: CONTENT_WIDTH, lineBreak: false })
      this.y += 16
    }
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.y + height > PAGE.height - PAGE.bottom) this.newPage()
  }

  /** A top-level section: always starts a page, adds a bookmark, and names continuation pages. */
  section(title: string, intro?: string): void {
    this.runningTitle = ''
    this.newPage()
    this.runningTitle = title
    this.doc.outline.addItem(title)
    this.doc.font(FONT.bold).fontSize(17).fillColor(COLOR.accent)
    this.doc.text(title, PAGE.left, this.y, { width: CONTENT_WIDTH, lineBreak: false })
    this.y += 24
    this.doc.moveTo(PAGE.left, this.y).lineTo(PAGE.left + CONTENT_WIDTH, this.y).lineWidth(1).strokeColor(COLOR.accent).stroke()
    this.y += 10
    if (intro) this.paragraph(intro, { color: COLOR.soft })
  }

  heading(text: string, sub?: string): void {
    this.ensure(sub ? 60 : 44)
    this.y += 6
    this.doc.font(FONT.bold).fontSize(12).fillColor(COLOR.ink)
    this.doc.text(text, PAGE.left, this.y, { width: CONTENT_WIDTH, lineBreak: false })
    this.y += 17
    if (sub) {
      this.doc.font(FONT.sans).fontSize(8.5).fillColor(COLOR.soft)
      const height = this.doc.heightOfString(sub, { width: CONTENT_WIDTH, lineGap: 1 })
      this.doc.text(sub, PAGE.left, this.y, { width: CONTENT_WIDTH, lineGap: 1 })
      this.y += height + 5
    }
  }

  paragraph(text: string, options: { color?: string; size?: number; font?: string } = {}): void {
    const size = options.size ?? 9.5
    this.doc.font(options.font ?? FONT.sans).fontSize(size)
    const height = this.doc.heightOfString(text, { width: CONTENT_WIDTH, lineGap: 1.5 })
    this.ensure(height + 6)
    this.doc.fillColor(options.color ?? COLOR.ink).text(text, PAGE.left, this.y, { width: CONTENT_WIDTH, lineGap: 1.5 })
    this.y += height + 6
  }

  /** Label/value pairs, the value column wrapping; each pair stays on one page. */
  facts(rows: Fact[], labelWidth = 150): void {
    const valueWidth = CONTENT_WIDTH - labelWidth - 8
    for (const [label, value, options] of rows) {
      const font = options?.mono ? FONT.mono : FONT.sans
      const size = options?.mono ? 8.5 : 9.5
      this.doc.font(font).fontSize(size)
      const height = Math.max(13, this.doc.heightOfString(value || '—', { width: valueWidth, lineGap: 1 }) + 4)
      this.ensure(height)
      this.doc.font(FONT.bold).fontSize(8.5).fillColor(COLOR.soft)
      this.doc.text(label, PAGE.left, this.y + 1, { width: labelWidth, lineBreak: false })
      this.doc.font(font).fontSize(size).fillColor(options?.color ?? COLOR.ink)
      this.doc.text(value || '—', PAGE.left + labelWidth + 8, this.y, { width: valueWidth, lineGap: 1 })
      this.y += height
    }
    this.y += 4
  }

  /** A grey panel holding a few lines of text (verification instructions, empty-section notes). */
  panel(lines: { text: string; mono?: boolean; bold?: boolean }[]): void {
    const pad = 9
    const width = CONTENT_WIDTH - 2 * pad
    const heights = lines.map((line) => {
      this.doc.font(line.mono ? FONT.mono : line.bold ? FONT.bold : FONT.sans).fontSize(line.mono ? 8 : 9)
      return this.doc.heightOfString(line.text, { width, lineGap: 1 }) + 3
    })
    const total = heights.reduce((a, b) => a + b, 0) + 2 * pad
    this.ensure(total + 8)
    this.doc.rect(PAGE.left, this.y, CONTENT_WIDTH, total).fillColor(COLOR.panel).fill()
    let y = this.y + pad
    lines.forEach((line, i) => {
      this.doc.font(line.mono ? FONT.mono : line.bold ? FONT.bold : FONT.sans).fontSize(line.mono ? 8 : 9).fillColor(COLOR.ink)
      this.doc.text(line.text, PAGE.left + pad, y, { width, lineGap: 1 })
      y += heights[i]!
    })
    this.y += total + 10
  }

  /**
   * A table of single-line cells (long values end in an ellipsis); the header row repeats on
   * every page. Single-line rows keep 10,000-entry exports fast and the layout predictable.
   */
  table<Row>(columns: Column<Row>[], rows: Iterable<Row>, options: { size?: number; rowHeight?: number } = {}): void {
    const size = options.size ?? 7.5
    const rowHeight = options.rowHeight ?? 12
    const drawHeader = () => {
      this.doc.rect(PAGE.left, this.y, CONTENT_WIDTH, rowHeight + 2).fillColor(COLOR.accent).fill()
      this.doc.font(FONT.bold).fontSize(size).fillColor('#ffffff')
      let x = PAGE.left
      for (const col of columns) {
        this.doc.text(col.title, x + 3, this.y + 3, { width: col.width - 6, lineBreak: false, align: col.align })
        x += col.width
      }
      this.y += rowHeight + 2
    }
    this.ensure(rowHeight * 3)
    drawHeader()
    // Cells are pre-fitted with a per-font advance table and drawn without pdfkit's line
    // wrapper (which runs whenever a width is given): ten thousand rows stay within seconds.
    const measures = new Map<string, Measure>()
    const measureFor = (font: string) => {
      let m = measures.get(font)
      if (!m) {
        measures.set(font, (m = new Measure(this.doc, font, size)))
        currentFont = ''
      }
      return m
    }
    let currentFont = '' // the Measure constructor switches fonts: start unknown
    let currentColor = ''
    const use = (font: string, color: string) => {
      if (font !== currentFont) {
        this.doc.font(font).fontSize(size)
        currentFont = font
      }
      if (color !== currentColor) {
        this.doc.fillColor(color)
        currentColor = color
      }
    }
    let index = 0
    for (const row of rows) {
      if (this.y + rowHeight > PAGE.height - PAGE.bottom) {
        this.newPage()
        drawHeader()
        currentFont = currentColor = ''
      }
      if (index % 2 === 1) {
        this.doc.rect(PAGE.left, this.y, CONTENT_WIDTH, rowHeight).fillColor(COLOR.panel).fill()
        currentColor = ''
      }
      let x = PAGE.left
      for (const col of columns) {
        const text = col.value(row)
        if (text) {
          const font = col.mono ? FONT.mono : FONT.sans
          const measure = measureFor(font)
          const fitted = measure.fit(text, col.width - 6)
          use(font, col.color?.(row) ?? COLOR.ink)
          const dx = col.align === 'right' ? col.width - 3 - measure.width(fitted) : 3
          this.doc.text(fitted, x + dx, this.y + 2.5, { lineBreak: false })
        }
        x += col.width
      }
      this.y += rowHeight
      index++
    }
    this.doc.moveTo(PAGE.left, this.y).lineTo(PAGE.left + CONTENT_WIDTH, this.y).lineWidth(0.5).strokeColor(COLOR.rule).stroke()
    this.y += 10
  }

  /** Stamps the running header and footer on every page once the page count is known. */
  finish(): void {
    const range = this.doc.bufferedPageRange()
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i)
      const top = 30
      this.doc.font(FONT.bold).fontSize(8).fillColor(COLOR.accent)
      this.doc.text(`Custos audit export · ${this.frame.vaultName}`, PAGE.left, top, { width: CONTENT_WIDTH * 0.6, lineBreak: false })
      this.doc.font(FONT.sans).fontSize(8).fillColor(COLOR.soft)
      this.doc.text(`Period: ${this.frame.periodText}`, PAGE.left + CONTENT_WIDTH * 0.4, top, {
        width: CONTENT_WIDTH * 0.6,
        align: 'right',
        lineBreak: false,
      })
      this.doc.moveTo(PAGE.left, top + 13).lineTo(PAGE.left + CONTENT_WIDTH, top + 13).lineWidth(0.5).strokeColor(COLOR.rule).stroke()
      const bottom = PAGE.height - 40
      this.doc.moveTo(PAGE.left, bottom - 6).lineTo(PAGE.left + CONTENT_WIDTH, bottom - 6).lineWidth(0.5).strokeColor(COLOR.rule).stroke()
      this.doc.font(FONT.sans).fontSize(7.5).fillColor(COLOR.soft)
      this.doc.text(`${this.frame.headText} · ${this.frame.generatedText}`, PAGE.left, bottom, { width: CONTENT_WIDTH * 0.75, lineBreak: false })
      this.doc.font(FONT.bold).fontSize(8).fillColor(COLOR.ink)
      this.doc.text(`Page ${i - range.start + 1} of ${range.count}`, PAGE.left + CONTENT_WIDTH * 0.6, bottom, {
        width: CONTENT_WIDTH * 0.4,
        align: 'right',
        lineBreak: false,
      })
    }
  }
}

/** Text widths for one font and size from cached glyph advances (kerning ignored: a cell, not a line). */
class Measure {
  private readonly advances = new Map<string, number>()
  private readonly pdfFont: { widthOfString(text: string, size: number): number }

  constructor(doc: PDFKit.PDFDocument, font: string, private readonly size: number) {
    // pdfkit's font object measures without touching the document's current font and colour.
    doc.font(font)
    this.pdfFont = (doc as unknown as { _font: Measure['pdfFont'] })._font
  }

  private advance(ch: string): number {
    let w = this.advances.get(ch)
    if (w === undefined) {
      w = this.pdfFont.widthOfString(ch, this.size)
      this.advances.set(ch, w)
    }
    return w
  }

  width(text: string): number {
    let w = 0
    for (const ch of text) w += this.advance(ch)
    return w
  }

  /** `text` on one line, shortened with an ellipsis to fit `width`. */
  fit(text: string, width: number): string {
    const single = text.replace(/\s+/g, ' ')
    let w = 0
    let i = 0
    const chars = [...single]
    const limit = width - this.advance('…')
    let cut = -1
    for (; i < chars.length; i++) {
      w += this.advance(chars[i]!)
      if (cut < 0 && w > limit) cut = i
      if (w > width) return chars.slice(0, cut).join('').trimEnd() + '…'
    }
    return single
  }
}
