// The camera panel the ceremony screens share: a labelled region with the live preview, a
// Start / Stop button, a status line read out politely, and a clear error (with the other
// ways in) when the camera is refused or missing. The camera stops when the panel goes.
import { useEffect, useId, useState, type ReactNode } from 'react'
import { useCameraScanner, type CameraProblem } from './use-camera-scanner'
import '../styles/camera.css'

const PROBLEM_TITLES: Record<CameraProblem, string> = {
  denied: 'The camera is not allowed',
  'no-camera': 'No camera found',
  busy: 'The camera could not start',
  unsupported: 'No camera in this window',
  reader: 'The QR reader could not load',
}

export interface CameraScannerProps {
  /** The region's heading, e.g. "Scan the sheets with the camera". */
  label: string
  /** Every text newly read from the camera (one QR code held still is reported once). */
  onDecoded: (texts: string[]) => void
  /** Keeps the preview but reads nothing until unpaused. */
  paused?: boolean
  /** Why it is paused, shown in the status line (e.g. "Press Next sheet to count another copy"). */
  pausedReason?: string
  /** Changing it makes the scanner forget what it has seen, so the sheet in view is read again (e.g. "Next sheet"). */
  rearmKey?: unknown
  /** Starts the camera as soon as the panel shows. */
  autoStart?: boolean
  /** Heading level inside the screen (default 3). */
  headingLevel?: 2 | 3
  /** Shown under the preview: what to hold up, what happens next. */
  children?: ReactNode
}

export function CameraScanner({ label, onDecoded, paused = false, pausedReason, rearmKey, autoStart = false, headingLevel = 3, children }: CameraScannerProps) {
  const headingId = useId()
  const [reads, setReads] = useState(0)
  const { state, videoRef, start, stop } = useCameraScanner({
    paused,
    rearmKey,
    onDecoded: (texts) => {
      setReads((n) => n + texts.length)
      onDecoded(texts)
    },
  })
  const Heading = headingLevel === 2 ? 'h2' : 'h3'

  useEffect(() => {
    if (autoStart) void start()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const running = state.status === 'scanning' || state.status === 'starting'
  let status: string
  switch (state.status) {
    case 'off':
      status = 'Camera off.'
      break
    case 'starting':
      status = 'Starting the camera…'
      break
    case 'scanning':
      status = paused
        ? `Camera on, paused. ${pausedReason ?? ''}`.trim()
        : `Camera on: hold a sheet’s QR code in view.${reads > 0 ? ` ${reads === 1 ? '1 QR code' : `${reads} QR codes`} read so far.` : ''}`
      break
    case 'error':
      status = 'Camera unavailable.'
      break
  }

  return (
    <section className="camera" aria-labelledby={headingId}>
      <div className="camera-head">
        <Heading id={headingId}>{label}</Heading>
        {running ? (
          <button type="button" className="button" onClick={stop}>
            Stop camera
          </button>
        ) : (
          <button type="button" className="button button-primary" onClick={() => void start()}>
            Start camera
          </button>
        )}
      </div>
      <div className={`camera-frame${state.status === 'scanning' ? ' camera-live' : ''}${paused ? ' camera-paused' : ''}`}>
        <video ref={videoRef} className="camera-video" muted playsInline aria-label="Camera preview" />
        {state.status !== 'scanning' && (
          <p className="camera-placeholder" aria-hidden="true">
            {state.status === 'starting' ? 'Starting…' : 'Camera off'}
          </p>
        )}
      </div>
      <p className="camera-status" role="status" aria-live="polite">
        {status}
      </p>
      {state.status === 'error' && (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{PROBLEM_TITLES[state.problem]}</p>
          <p>{state.message}</p>
        </div>
      )}
      {children}
    </section>
  )
}
