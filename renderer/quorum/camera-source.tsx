// The camera as a source of sheets for the quorum panel: the shared scanner component
// (renderer/camera/), with the verdict on the last sheet it read shown under the preview,
// so a custodian holding up a sheet sees at once whether it counts.
import { useState } from 'react'
import { PAYLOAD_PREFIX } from '../../shared/share-format'
import { CameraScanner } from '../camera/camera-scanner'
import type { SheetFeedback } from './sheet-feedback'

interface CameraSourceProps {
  /** Each sheet text the camera newly read. */
  onSheet: (payload: string) => void
  /** The verdict on the last sheet the camera read. */
  feedback?: SheetFeedback
  /** Stops reading (the quorum is met, or being used). */
  paused?: boolean
  pausedReason?: string
}

export function CameraSource({ onSheet, feedback, paused, pausedReason }: CameraSourceProps) {
  const [foreign, setForeign] = useState(false)
  return (
    <CameraScanner
      label="Camera"
      paused={paused}
      pausedReason={pausedReason}
      onDecoded={(texts) => {
        // Other QR codes (a checkpoint, a URL) are not sheets: say so rather than list them.
        const sheets = texts.filter((t) => t.toUpperCase().startsWith(PAYLOAD_PREFIX))
        setForeign(sheets.length < texts.length)
        sheets.forEach(onSheet)
      }}
    >
      {feedback ? (
        <p className={`camera-feedback camera-feedback-${feedback.tone}`}>
          <strong>{feedback.title}:</strong> {feedback.text}
        </p>
      ) : (
        <p className="hint">Each custodian holds their sheet’s QR code up to the camera, one after the other.</p>
      )}
      {foreign && <p className="hint">A QR code that is not a Custos sheet was ignored.</p>}
    </CameraScanner>
  )
}
