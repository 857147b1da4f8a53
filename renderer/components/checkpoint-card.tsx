// A signed checkpoint as custodians keep it: the QR of the note, its size and head hash,
// and the note text to type back in. Printing shows only this card (print stylesheet).
import type { OperationOutput } from '../../shared/api'
import { shortHash } from '../format'

export type CheckpointView = OperationOutput<'log.checkpoint'>

export function CheckpointCard({ checkpoint, headingLevel = 2 }: { checkpoint: CheckpointView; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(checkpoint.qrSvg)}`
  return (
    <div className="checkpoint">
      <img className="qr" src={src} alt={`QR code of the checkpoint at entry ${checkpoint.size}`} />
      <div className="stack">
        <Heading>Checkpoint at entry {checkpoint.size}</Heading>
        <dl className="facts">
          <dt>Log</dt>
          <dd className="mono">{checkpoint.origin}</dd>
          <dt>Head hash</dt>
          <dd className="mono" title={checkpoint.hash}>
            {shortHash(checkpoint.hash, 24)}
          </dd>
        </dl>
        <pre className="note" aria-label="Checkpoint note text">
          {checkpoint.text}
        </pre>
      </div>
    </div>
  )
}
