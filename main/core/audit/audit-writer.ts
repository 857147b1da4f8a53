// Page layout for the audit PDF: a cursor over A4 pages with a running header (vault, period)
// and footer (page N of M), headings, fact lists, paragraphs and tables whose cells wrap and
// whose header row repeats after every page break. Sections flow one after another.
//
// The document is laid out twice with the same code: a measuring pass that draws nothing and
// counts pages, then a drawing pass that knows the page count, so every page is finished
// (header, footer, content) when it is left and pdfkit can write it out at once: nothing holds
// all pages in memory (no bufferPages), and a 100,000-entry export stays flat in memory.

import { CustosError } from '../../../shared/errors'

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
const BOTTOM = PAGE.height - PAGE.bottom

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
  bold?: (row: Row) => boolean
}

export type Fact = [label: string, value: string, options?: { mono?: boolean; color?: string }]

export interface SectionStart {
  title: string
  page: number
}

export interface WriterOptions {
  /** False for the measuring pass: positions and page breaks are computed, nothing is drawn. */
  draw: boolean
  /** Pages in the document (known in the drawing pass, from the measuring pass). */
  totalPages?: number
}

export class AuditWriter {
  y: number = PAGE.top
  /** The current page, 1-based (0 before the first page). */
  page = 0
  readonly sectionStarts: SectionStart[] = []
  private runningTitle = ''
  private readonly measures = new Map<string, Measure>()

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly frame: FrameInfo,
    private readonly options: WriterOptions,
  ) {}

  get width(): number {
    return CONTENT_WIDTH
  }

  get drawing(): boolean {
    return this.options.draw
  }

  /** Space left on this page, in points. */
  get room(): number {
    return BOTTOM - this.y
  }

  newPage(): void {
    this.page++
    this.y = PAGE.top
    if (this.drawing) {
      this.flush()
      this.doc.addPage()
      this.drawFrame()
    }
    if (this.runningTitle) {
      this.text(`${this.runningTitle} (continued)`, PAGE.left, this.y, { size: 8, color: COLOR.soft })
      this.y += 16
    }
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number): void {
    if (this.page === 0 || this.y + height > BOTTOM) this.newPage()
  }

  /**
   * A top-level section. It flows after the previous one (a new page only when the title,
   * intro and a few lines would not fit), adds a bookmark, and names its continuation pages.
   */
  section(title: string, intro?: string, options: { newPage?: boolean; keepWith?: number } = {}): void {
    this.runningTitle = ''
    const introHeight = intro ? this.measure(FONT.sans, 9.5).height(intro, CONTENT_WIDTH, 1.5) + 6 : 0
    if (options.newPage || this.page === 0) this.newPage()
    else {
      this.y += 14
      this.ensure(34 + introHeight + (options.keepWith ?? 50))
    }
    this.runningTitle = title
    this.sectionStarts.push({ title, page: this.page })
    if (this.drawing) this.doc.outline.addItem(title)
    this.text(title, PAGE.left, this.y, { font: FONT.bold, size: 15, color: COLOR.accent })
    this.y += 21
    this.rule(this.y, 1, COLOR.accent)
    this.y += 8
    if (intro) this.paragraph(intro, { color: COLOR.soft })
  }

  heading(text: string, sub?: string, keepWith = 40): void {
    const m = this.measure(FONT.bold, 11)
    const subHeight = sub ? this.measure(FONT.sans, 8.5).height(sub, CONTENT_WIDTH, 1) + 5 : 0
    const height = m.height(text, CONTENT_WIDTH, 1) + 6
    this.ensure(6 + height + subHeight + keepWith)
    this.y += 6
    this.y += this.wrapped(text, PAGE.left, this.y, CONTENT_WIDTH, { font: FONT.bold, size: 11, gap: 1 }) + 4
    if (sub) this.y += this.wrapped(sub, PAGE.left, this.y, CONTENT_WIDTH, { size: 8.5, color: COLOR.soft, gap: 1 }) + 5
  }

  /** A small bold label above a table or list. */
  label(text: string, keepWith = 36): void {
    this.ensure(14 + keepWith)
    this.text(text, PAGE.left, this.y, { font: FONT.bold, size: 9.5 })
    this.y += 14
  }

  paragraph(text: string, options: { color?: string; size?: number; font?: string } = {}): void {
    const size = options.size ?? 9.5
    const font = options.font ?? FONT.sans
    const lines = this.measure(font, size).wrap(text, CONTENT_WIDTH)
    this.flowLines(lines, PAGE.left, CONTENT_WIDTH, { font, size, color: options.color, gap: 1.5 })
    this.y += 6
  }

  /** Label/value pairs, the value column wrapping; a long value continues on the next page. */
  facts(rows: Fact[], labelWidth = 150): void {
    const valueX = PAGE.left + labelWidth + 8
    const valueWidth = CONTENT_WIDTH - labelWidth - 8
    for (const [label, value, options] of rows) {
      const font = options?.mono ? FONT.mono : FONT.sans
      const size = options?.mono ? 8.5 : 9.5
      const lines = this.measure(font, size).wrap(value || '—', valueWidth)
      const labelLines = this.measure(FONT.bold, 8.5).wrap(label, labelWidth)
      const lh = this.lineHeight(font, size, 1)
      this.ensure(Math.min(lines.length, 3) * lh + 2)
      this.drawLines(labelLines, PAGE.left, this.y + 1, { font: FONT.bold, size: 8.5, color: COLOR.soft, gap: 1 })
      const used = this.flowLines(lines, valueX, valueWidth, { font, size, color: options?.color, gap: 1 })
      this.y += Math.max(0, labelLines.length * this.lineHeight(FONT.bold, 8.5, 1) - used) + 3
    }
    this.y += 4
  }

  /** A grey panel holding a few lines of text (verification instructions, empty-section notes). */
  panel(lines: { text: string; mono?: boolean; bold?: boolean; color?: string }[]): void {
    const pad = 8
    const width = CONTENT_WIDTH - 2 * pad
    const styled = lines.map((line) => {
      const font = line.mono ? FONT.mono : line.bold ? FONT.bold : FONT.sans
      const size = line.mono ? 8 : 9
      return { font, size, color: line.color, lines: this.measure(font, size).wrap(line.text, width) }
    })
    const heights = styled.map((s) => s.lines.length * this.lineHeight(s.font, s.size, 1) + 2)
    const total = heights.reduce((a, b) => a + b, 0) + 2 * pad
    this.ensure(Math.min(total, BOTTOM - PAGE.top - 20) + 8)
    this.fillRect(PAGE.left, this.y, CONTENT_WIDTH, Math.min(total, this.room), COLOR.panel)
    let y = this.y + pad
    styled.forEach((s, i) => {
      this.drawLines(s.lines, PAGE.left + pad, y, { font: s.font, size: s.size, color: s.color, gap: 1 })
      y += heights[i]!
    })
    this.y += Math.min(total, this.room) + 8
  }

  /**
   * A table whose cells wrap (never cut: an auditor reads every value whole). Page breaks
   * fall between rows, and the header row is drawn again at the top of the next page; a
   * single row taller than a page continues line by line. Rows are consumed one at a time,
   * so a generator over the log streams straight onto the pages.
   */
  table<Row>(columns: Column<Row>[], rows: Iterable<Row>, options: { size?: number; keepWith?: number } = {}): number {
    const size = options.size ?? 7.5
    const lh = this.lineHeight(FONT.sans, size, 0.6)
    const padY = 2.5
    const headerLines = columns.map((c) => this.measure(FONT.bold, size).wrap(c.title, c.width - 6))
    const headerHeight = Math.max(...headerLines.map((l) => l.length)) * lh + 2 * padY
    const drawHeader = () => {
      this.fillRect(PAGE.left, this.y, CONTENT_WIDTH, headerHeight, COLOR.accent)
      let x = PAGE.left
      columns.forEach((col, i) => {
        this.drawLines(headerLines[i]!, x + 3, this.y + padY, { font: FONT.bold, size, color: '#ffffff', gap: 0.6, align: col.align, width: col.width - 6 })
        x += col.width
      })
      this.y += headerHeight
    }
    const fresh = () => {
      this.newPage()
      drawHeader()
    }
    const pageCapacity = BOTTOM - PAGE.top - 16 - headerHeight
    let count = 0
    for (const row of rows) {
      const cells = columns.map((col) => {
        const font = col.mono ? FONT.mono : col.bold?.(row) ? FONT.bold : FONT.sans
        return { font, color: col.color?.(row) ?? COLOR.ink, lines: this.measure(font, size).wrap(col.value(row), col.width - 6) }
      })
      const lineCount = Math.max(1, ...cells.map((c) => c.lines.length))
      if (count === 0) this.ensure(headerHeight + Math.min(lineCount, 4) * lh + 2 * padY + (options.keepWith ?? 0))
      if (count === 0) drawHeader()
      let from = 0
      while (from < lineCount) {
        // Keep a row whole when a fresh page can hold it; split only a row taller than a page.
        const needed = (lineCount - from) * lh + 2 * padY
        let fit = Math.floor((this.room - 2 * padY) / lh)
        if ((needed > this.room && needed <= pageCapacity) || fit < Math.min(lineCount - from, 2)) {
          fresh()
          fit = Math.floor((this.room - 2 * padY) / lh)
        }
        const n = Math.min(fit, lineCount - from)
        const height = n * lh + 2 * padY
        if (count % 2 === 1) this.fillRect(PAGE.left, this.y, CONTENT_WIDTH, height, COLOR.panel)
        let x = PAGE.left
        columns.forEach((col, i) => {
          const cell = cells[i]!
          const part = cell.lines.slice(from, from + n)
          this.drawLines(part, x + 3, this.y + padY, { font: cell.font, size, color: cell.color, gap: 0.6, align: col.align, width: col.width - 6 })
          x += col.width
        })
        this.y += height
        from += n
        if (from < lineCount) fresh()
      }
      count++
    }
    if (count > 0) {
      this.rule(this.y, 0.5, COLOR.rule)
      this.y += 8
    }
    return count
  }

  /** One line of text at (x, y) with no wrapping: titles, labels, footers. */
  text(value: string, x: number, y: number, style: { font?: string; size: number; color?: string; align?: 'left' | 'right'; width?: number }): void {
    this.drawLines([value], x, y, { ...style, font: style.font ?? FONT.sans })
  }

  /** Wraps `value` into `width` and draws it at (x, y); returns the height used. Stays on this page. */
  wrapped(value: string, x: number, y: number, width: number, style: { font?: string; size: number; color?: string; gap?: number }): number {
    const font = style.font ?? FONT.sans
    const lines = this.measure(font, style.size).wrap(value, width)
    this.drawLines(lines, x, y, { ...style, font })
    return lines.length * this.lineHeight(font, style.size, style.gap ?? 0)
  }

  /** Height of `value` wrapped into `width`. */
  heightOf(value: string, width: number, style: { font?: string; size: number; gap?: number }): number {
    const font = style.font ?? FONT.sans
    return this.measure(font, style.size).wrap(value, width).length * this.lineHeight(font, style.size, style.gap ?? 0)
  }

  rule(y: number, width: number, color: string): void {
    if (!this.drawing) return
    this.emit(`${num(width)} w\n${colorOperator(color, 'RG')}${num(PAGE.left)} ${num(y)} m\n${num(PAGE.left + CONTENT_WIDTH)} ${num(y)} l\nS\n`)
  }

  /**
   * Writes what is drawn on the page so far into pdfkit's page content: called before a new
   * page and once at the end, so the page's operators reach pdfkit as one block of bytes.
   */
  flush(): void {
    if (!this.content) return
    this.doc.addContent(Buffer.from(this.content, 'latin1'))
    this.content = ''
  }

  /** Page content operators (text, colours, rectangles, rules) written by this writer itself, in order. */
  private content = ''

  private emit(ops: string): void {
    this.content += ops
    if (this.content.length > 1 << 16) this.flush()
  }

  lineHeight(font: string, size: number, gap: number): number {
    return this.measure(font, size).lineHeight + gap
  }

  measure(font: string, size: number): Measure {
    const key = `${font}@${size}`
    let m = this.measures.get(key)
    if (!m) this.measures.set(key, (m = new Measure(this.doc, font, size)))
    return m
  }

  /** Lines flowing down the page from this.y, breaking to a new page between lines. Returns the height used on the last page. */
  private flowLines(lines: string[], x: number, width: number, style: { font: string; size: number; color?: string; gap: number }): number {
    const lh = this.lineHeight(style.font, style.size, style.gap)
    let from = 0
    let used = 0
    while (from < lines.length) {
      let fit = Math.floor(this.room / lh)
      if (fit < 1) {
        this.newPage()
        fit = Math.floor(this.room / lh)
      }
      const part = lines.slice(from, from + fit)
      this.drawLines(part, x, this.y, { ...style, width })
      used = part.length * lh
      this.y += used
      from += part.length
    }
    return used
  }

  private drawLines(
    lines: string[],
    x: number,
    y: number,
    style: { font: string; size: number; color?: string; gap?: number; align?: 'left' | 'right'; width?: number },
  ): void {
    if (!this.drawing || !lines.some((line) => line)) return
    const m = this.measure(style.font, style.size)
    const lh = m.lineHeight + (style.gap ?? 0)
    const glyphs = m.glyphs
    const doc = this.doc as unknown as PdfkitInternals
    if (doc.page.fonts[glyphs.id] == null) doc.page.fonts[glyphs.id] = glyphs.ref()
    this.setFill(style.color ?? COLOR.ink)
    // Text operators written directly (no shaping, no kerning): the same glyph advances the
    // line breaking measured, and ten times faster than pdfkit's text() over 100,000 rows.
    // Glyph ids go in literal strings as their two bytes (half the bytes of hex strings, so
    // half the deflating), and the operators reach the page as bytes, converted natively.
    let ops = `q 1 0 0 -1 0 ${num(PAGE.height)} cm BT /${glyphs.id} ${num(style.size)} Tf\n`
    lines.forEach((line, i) => {
      if (!line) return
      const dx = style.align === 'right' && style.width ? style.width - m.width(line) : 0
      ops += `1 0 0 1 ${num(x + dx)} ${num(PAGE.height - (y + i * lh) - m.ascent)} Tm (${glyphs.encode(line)}) Tj\n`
    })
    ops += 'ET Q\n'
    this.emit(ops)
  }

  private fillNow = ''
  private fillPage = 0

  /**
   * Sets the fill colour (a #rrggbb) unless it is already in force on this page, with the
   * PDF operator written directly: pdfkit's fillColor parses the colour anew on every call.
   */
  setFill(color: string): string {
    if (this.fillNow !== color || this.fillPage !== this.page) {
      this.emit(colorOperator(color, 'rg'))
      this.fillNow = color
      this.fillPage = this.page
    }
    return color
  }

  /** A filled rectangle (table header, alternate rows, panels) in `color`. */
  fillRect(x: number, y: number, width: number, height: number, color: string): void {
    if (!this.drawing) return
    this.setFill(color)
    this.emit(`${num(x)} ${num(y)} ${num(width)} ${num(height)} re\nf\n`)
  }

  /** The running header and footer of the page just started. */
  private drawFrame(): void {
    const top = 30
    const title = `Custos audit export · ${this.frame.vaultName}`
    const period = `Period: ${this.frame.periodText}`
    const side = this.measure(FONT.bold, 8).width(title) + this.measure(FONT.sans, 8).width(period) + 16 <= CONTENT_WIDTH
    const bottom = PAGE.height - 40
    if (side) {
      this.text(title, PAGE.left, top, { font: FONT.bold, size: 8, color: COLOR.accent })
      this.text(period, PAGE.left, top, { size: 8, color: COLOR.soft, align: 'right', width: CONTENT_WIDTH })
    } else {
      // A long vault name takes the whole header (wrapped, bottom line above the rule); the
      // period moves to the footer, beside the page number, so nothing overlaps.
      const lines = this.measure(FONT.bold, 8).wrap(title, CONTENT_WIDTH)
      const lh = this.lineHeight(FONT.bold, 8, 0)
      this.drawLines(lines, PAGE.left, top + 11 - lines.length * lh, { font: FONT.bold, size: 8, color: COLOR.accent })
      this.text(period, PAGE.left, bottom + 10, { size: 8, color: COLOR.soft })
    }
    this.rule(top + 13, 0.5, COLOR.rule)
    this.rule(bottom - 6, 0.5, COLOR.rule)
    this.text(`${this.frame.headText} · ${this.frame.generatedText}`, PAGE.left, bottom, { size: 6.5, color: COLOR.soft })
    const total = this.options.totalPages ?? this.page
    this.text(`Page ${this.page} of ${total}`, PAGE.left, bottom + 10, { font: FONT.bold, size: 8, align: 'right', width: CONTENT_WIDTH })
  }
}

interface PdfkitInternals {
  page: { fonts: Record<string, unknown> }
  _font: EmbeddedFontLike
}

/** The parts of pdfkit's embedded font this file uses: the fontkit font, the subset, the ToUnicode and widths tables. */
interface EmbeddedFontLike {
  id: string
  font: { glyphForCodePoint(cp: number): { id: number; advanceWidth: number }; unitsPerEm: number; ascent: number; descent: number; lineGap: number }
  subset: { includeGlyph(id: number): number }
  widths: number[]
  unicode: number[][]
  ref(): unknown
}

const COLOR_OPS = new Map<string, string>()

/** The DeviceRGB fill (rg) or stroke (RG) operator for a #rrggbb colour. */
function colorOperator(color: string, operator: 'rg' | 'RG'): string {
  const key = `${color} ${operator}`
  let op = COLOR_OPS.get(key)
  if (op === undefined) {
    const hex = /^#([0-9a-f]{6})$/i.exec(color)?.[1]
    if (!hex) throw new CustosError('INTERNAL', `The audit PDF asked for the colour "${color}", which is not #rrggbb. Report this.`)
    const part = (i: number) => String(Math.round((parseInt(hex.slice(i, i + 2), 16) / 255) * 10_000) / 10_000)
    COLOR_OPS.set(key, (op = `${part(0)} ${part(2)} ${part(4)} ${operator}\n`))
  }
  return op
}

function num(n: number): string {
  return String(Math.round(n * 100) / 100)
}

/**
 * One font's glyphs as this writer draws them: each character mapped once to its glyph in
 * the embedded subset (with its ToUnicode entry, so pdftotext reads the text back) and its
 * advance. Shared by every size of the font.
 */
class FontGlyphs {
  private readonly map = new Map<string, { code: string; advance: number }>()
  /** Advances and glyph codes by UTF-16 code unit for the Basic Multilingual Plane: array lookups, not map lookups, on the hot path. */
  private readonly bmpAdvance = new Float64Array(65536).fill(-1)
  private readonly bmpCode: string[] = []
  private readonly scale: number

  constructor(private readonly pdfFont: EmbeddedFontLike) {
    this.scale = 1000 / pdfFont.font.unitsPerEm
  }

  get id(): string {
    return this.pdfFont.id
  }

  ref(): unknown {
    return this.pdfFont.ref()
  }

  /** Ascender, line height in thousandths of the size. */
  get metrics(): { ascent: number; lineHeight: number } {
    const f = this.pdfFont.font
    return { ascent: f.ascent * this.scale, lineHeight: (f.ascent - f.descent + f.lineGap) * this.scale }
  }

  glyph(ch: string): { code: string; advance: number } {
    let g = this.map.get(ch)
    if (!g) {
      const cp = ch.codePointAt(0)!
      const glyph = this.pdfFont.font.glyphForCodePoint(cp)
      const gid = this.pdfFont.subset.includeGlyph(glyph.id)
      const advance = glyph.advanceWidth * this.scale
      this.pdfFont.widths[gid] ??= advance
      this.pdfFont.unicode[gid] ??= [cp]
      g = { code: literalBytes(gid), advance }
      this.map.set(ch, g)
    }
    return g
  }

  /** Width of `text` in thousandths of the font size. */
  advanceOf(text: string): number {
    let w = 0
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code >= 0xd800 && code <= 0xdbff) {
        // A character outside the BMP: two code units, looked up whole.
        w += this.glyph(text.slice(i, i + 2)).advance
        i++
        continue
      }
      let a = this.bmpAdvance[code]!
      if (a < 0) {
        const g = this.glyph(text[i]!)
        this.bmpCode[code] = g.code
        a = this.bmpAdvance[code] = g.advance
      }
      w += a
    }
    return w
  }

  /** The inside of a PDF literal string showing `text` (Identity-H: two bytes per glyph), as a Latin-1 string. */
  encode(text: string): string {
    let out = ''
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code >= 0xd800 && code <= 0xdbff) {
        out += this.glyph(text.slice(i, i + 2)).code
        i++
        continue
      }
      out += this.bmpCode[code] ?? this.glyph(text[i]!).code
    }
    return out
  }
}

/**
 * A glyph id as the two bytes of a PDF literal string (Latin-1 characters), escaped where the
 * syntax needs it: the delimiters and the backslash, and CR, which a reader would turn into LF.
 */
function literalBytes(gid: number): string {
  const byte = (b: number) => (b === 0x28 || b === 0x29 || b === 0x5c ? '\\' + String.fromCharCode(b) : b === 0x0d ? '\\r' : String.fromCharCode(b))
  return byte(gid >> 8) + byte(gid & 0xff)
}

const glyphsByDoc = new WeakMap<object, Map<string, FontGlyphs>>()

function fontGlyphs(doc: PDFKit.PDFDocument, font: string): FontGlyphs {
  let byName = glyphsByDoc.get(doc)
  if (!byName) glyphsByDoc.set(doc, (byName = new Map()))
  let g = byName.get(font)
  if (!g) {
    // pdfkit's font object for a registered name; restore the caller's font afterwards.
    const internals = doc as unknown as PdfkitInternals
    const previous = internals._font
    doc.font(font)
    g = new FontGlyphs(internals._font)
    if (previous) internals._font = previous
    byName.set(font, g)
  }
  return g
}

/**
 * Text widths and line breaking for one font and size, from the glyph advances the text is
 * drawn with. Breaks at spaces, and inside a word only when the word alone is wider than the
 * line (hashes, long ids), so nothing is ever dropped or cut.
 */
/** Text wrap() would keep as it is when it fits: words (no tab, CR or newline) separated by single spaces. */
const ONE_LINE = /^[^ \t\r\n]+(?: [^ \t\r\n]+)*$/

export class Measure {
  readonly glyphs: FontGlyphs
  readonly lineHeight: number
  readonly ascent: number
  private readonly k: number

  constructor(doc: PDFKit.PDFDocument, font: string, size: number) {
    this.glyphs = fontGlyphs(doc, font)
    this.k = size / 1000
    const metrics = this.glyphs.metrics
    this.lineHeight = metrics.lineHeight * this.k
    this.ascent = metrics.ascent * this.k
  }

  private advance(ch: string): number {
    return this.glyphs.advanceOf(ch) * this.k
  }

  width(text: string): number {
    return this.glyphs.advanceOf(text) * this.k
  }

  height(text: string, width: number, gap: number): number {
    return this.wrap(text, width).length * (this.lineHeight + gap)
  }

  /** Where to break a word too wide for `width`: after the last separator that fits, else at the last character that fits. */
  private breakPoint(word: string, width: number): number {
    let w = 0
    let fits = 0
    let separator = 0
    let i = 0
    for (const ch of word) {
      w += this.advance(ch)
      if (w > width) break
      i += ch.length
      fits = i
      if ('-/_,;:.'.includes(ch) && i < word.length) separator = i
    }
    return separator > 0 ? separator : Math.max(fits, 1)
  }

  /** The lines `text` takes in `width`: every character kept, explicit newlines honoured. */
  wrap(text: string, width: number): string[] {
    // Most table cells are one short line already in wrapped form (words separated by single
    // spaces): returned as they are, without splitting. A margin keeps a line that only just
    // fits on the slow path, where the widths are summed word by word as before.
    if (ONE_LINE.test(text) && this.width(text) <= width - 1e-6) return [text]
    const out: string[] = []
    const space = this.advance(' ')
    for (const paragraph of text.split('\n')) {
      const words = paragraph.split(/[ \t\r]+/).filter((w) => w.length > 0)
      if (words.length === 0) {
        out.push('')
        continue
      }
      let line = ''
      let lineWidth = 0
      for (const word of words) {
        const w = this.width(word)
        if (line && lineWidth + space + w <= width) {
          line += ' ' + word
          lineWidth += space + w
          continue
        }
        if (line) out.push(line)
        if (w <= width) {
          line = word
          lineWidth = w
          continue
        }
        // A word wider than the line (a long ticket, a hash): break it after a hyphen or
        // other separator when one fits, else between characters. Every character is kept.
        let rest = word
        while (this.width(rest) > width) {
          const cut = this.breakPoint(rest, width)
          out.push(rest.slice(0, cut))
          rest = rest.slice(cut)
        }
        line = rest
        lineWidth = this.width(rest)
      }
      if (line) out.push(line)
    }
    return out
  }
}
