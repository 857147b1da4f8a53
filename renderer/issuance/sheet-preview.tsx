// The on-screen preview of one printed sheet: its QR code (drawn here as SVG by the qrcode
// package, nothing fetched), share and copy, custodian and the typed fallback lines.
import { useEffect, useState } from 'react'
import QRCode from 'qrcode'
import { groupSetId } from '../format'

export interface PreviewSheet {
  index: number
  copy: number
  custodianName: string
  /** Missing when the ceremony resumed in another session: only the PDF has the shares then. */
  payload?: string
  typedLines?: string[]
}

function useQrDataUrl(payload: string | undefined): string | undefined {
  const [url, setUrl] = useState<string>()
  useEffect(() => {
    if (!payload) return
    let live = true
    QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'H', margin: 4, color: { dark: '#000000', light: '#ffffff' } }).then(
      (svg) => live && setUrl(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => live && setUrl(undefined),
    )
    return () => {
      live = false
    }
  }, [payload])
  return url
}

export function SheetPreview({ sheet, setId, total, threshold, copies, label }: { sheet: PreviewSheet; setId: string; total: number; threshold: number; copies: number; label: string }) {
  const qr = useQrDataUrl(sheet.payload)
  const title = `Share ${sheet.index} of ${total}${copies > 1 ? `, copy ${sheet.copy} of ${copies}` : ''}`
  return (
    <article className="sheet-preview" aria-label={`Sheet ${sheet.index}.${sheet.copy}: ${title}, for ${sheet.custodianName}`}>
      <p className="sheet-kicker">Custos · emergency access share</p>
      <h3 className="sheet-title">{title}</h3>
      {label && <p className="sheet-label">{label}</p>}
      <div className="sheet-body">
        {qr ? (
          <img className="sheet-qr" src={qr} alt={`QR code of share ${sheet.index}`} />
        ) : (
          <div className="sheet-qr sheet-qr-missing">{sheet.payload ? 'Drawing…' : 'Preview not available'}</div>
        )}
        <dl className="sheet-facts">
          <dt>Set</dt>
          <dd className="mono">{groupSetId(setId)}</dd>
          <dt>Needed</dt>
          <dd>any {threshold} shares</dd>
          <dt>Custodian</dt>
          <dd>{sheet.custodianName}</dd>
          <dt>Sheet</dt>
          <dd className="mono">
            {sheet.index}.{sheet.copy}
          </dd>
        </dl>
      </div>
      {sheet.typedLines && (
        <details className="sheet-typed">
          <summary>Typed share ({sheet.typedLines.length} lines)</summary>
          <pre className="payload">{sheet.typedLines.join('\n')}</pre>
        </details>
      )}
    </article>
  )
}
