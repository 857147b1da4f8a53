// The camera as a QR reader: opens the webcam (video only, 1280x720), copies a frame to a
// canvas about ten times a second, decodes it with zxing-wasm and reports the texts it
// reads. Stops every track when stopped, paused for good or unmounted.
import { useCallback, useEffect, useRef, useState } from 'react'
import { decodeFrame, FRAME_PASSES, prepareBundledDecoder } from './bundled-decoder'

export type CameraProblem = 'denied' | 'no-camera' | 'busy' | 'unsupported' | 'reader'

export type CameraState =
  | { status: 'off' }
  | { status: 'starting' }
  | { status: 'scanning'; width: number; height: number }
  | { status: 'error'; problem: CameraProblem; message: string }

export const CAMERA_CONSTRAINTS: MediaStreamConstraints = { video: { width: 1280, height: 720 }, audio: false }

/** Time between the starts of two decodes: ten a second keeps up with a hand moving a sheet. */
const FRAME_INTERVAL_MS = 100
/** A text held in view is reported once; out of view this long, then shown again, it is reported again. */
const REPEAT_AFTER_MS = 2000
/** User Timing names, so tests and DevTools can read what a frame costs. */
export const DECODE_MEASURE = 'custos.camera.decode'
export const GRAB_MEASURE = 'custos.camera.grab'

const ALTERNATIVES = 'import images of the sheets or type them instead'

/** What went wrong with getUserMedia, in words a person can act on. */
export function cameraProblem(error: unknown): { problem: CameraProblem; message: string } {
  const name = error instanceof DOMException || error instanceof Error ? error.name : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return { problem: 'denied', message: `The camera is not allowed. Allow the camera for Custos, or ${ALTERNATIVES}.` }
    case 'NotFoundError':
    case 'OverconstrainedError':
      return { problem: 'no-camera', message: `No camera was found. Connect a camera and press Start camera again, or ${ALTERNATIVES}.` }
    case 'NotReadableError':
    case 'AbortError':
      return {
        problem: 'busy',
        message: `The camera could not be started; another program may be using it. Close that program and press Start camera again, or ${ALTERNATIVES}.`,
      }
    default:
      return { problem: 'busy', message: `The camera could not be started (${messageOfError(error)}). Try again, or ${ALTERNATIVES}.` }
  }
}

function messageOfError(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error)
}

export interface CameraScannerOptions {
  /** Called with every text newly read (a sheet held still is reported once). */
  onDecoded: (texts: string[]) => void
  /** Keeps the preview but reads nothing; on resume, what is in view is reported afresh. */
  paused?: boolean
  /** Changing it makes the scanner forget what it has seen: a sheet in view is reported again. */
  rearmKey?: unknown
}

export function useCameraScanner({ onDecoded, paused = false, rearmKey }: CameraScannerOptions) {
  const [state, setState] = useState<CameraState>({ status: 'off' })
  const videoRef = useRef<HTMLVideoElement>(null)
  const streamRef = useRef<MediaStream | null>(null)
  const timerRef = useRef<number | undefined>(undefined)
  /** Bumped by every start and stop, so a late getUserMedia or decode from before is dropped. */
  const generationRef = useRef(0)
  const lastSeenRef = useRef(new Map<string, number>())
  const onDecodedRef = useRef(onDecoded)
  const pausedRef = useRef(paused)
  onDecodedRef.current = onDecoded

  const release = useCallback(() => {
    generationRef.current++
    window.clearTimeout(timerRef.current)
    timerRef.current = undefined
    streamRef.current?.getTracks().forEach((track) => track.stop())
    streamRef.current = null
    if (videoRef.current) videoRef.current.srcObject = null
  }, [])

  const stop = useCallback(() => {
    release()
    setState({ status: 'off' })
  }, [release])

  const start = useCallback(async () => {
    release()
    const generation = generationRef.current
    setState({ status: 'starting' })
    if (!navigator.mediaDevices?.getUserMedia) {
      setState({ status: 'error', problem: 'unsupported', message: `This window cannot use a camera; ${ALTERNATIVES}.` })
      return
    }
    try {
      await prepareBundledDecoder()
    } catch (error) {
      if (generation !== generationRef.current) return
      setState({ status: 'error', problem: 'reader', message: `The QR reader could not be loaded (${messageOfError(error)}); ${ALTERNATIVES}.` })
      return
    }
    let stream: MediaStream
    try {
      stream = await navigator.mediaDevices.getUserMedia(CAMERA_CONSTRAINTS)
    } catch (error) {
      if (generation === generationRef.current) setState({ status: 'error', ...cameraProblem(error) })
      return
    }
    if (generation !== generationRef.current) {
      // Stopped or unmounted while the camera was opening: close it again at once.
      stream.getTracks().forEach((track) => track.stop())
      return
    }
    streamRef.current = stream
    const video = videoRef.current
    if (!video) {
      release()
      return
    }
    video.srcObject = stream
    try {
      await video.play()
    } catch {
      // play() is refused only if the element went away; the next start begins afresh.
    }
    if (generation !== generationRef.current) return
    const settings = stream.getVideoTracks()[0]?.getSettings() ?? {}
    setState({ status: 'scanning', width: settings.width ?? video.videoWidth, height: settings.height ?? video.videoHeight })
    lastSeenRef.current.clear()
    scheduleFrames(generation)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [release])

  function scheduleFrames(generation: number) {
    const canvas = document.createElement('canvas')
    const context = canvas.getContext('2d', { willReadFrequently: true })
    let measured = 0
    const tick = async () => {
      if (generation !== generationRef.current) return
      const began = performance.now()
      const video = videoRef.current
      if (context && video && !pausedRef.current && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        if (canvas.width !== video.videoWidth) canvas.width = video.videoWidth
        if (canvas.height !== video.videoHeight) canvas.height = video.videoHeight
        context.drawImage(video, 0, 0, canvas.width, canvas.height)
        const frame = context.getImageData(0, 0, canvas.width, canvas.height)
        const grabbed = performance.now()
        let texts: string[] = []
        try {
          texts = await decodeFrame(frame, FRAME_PASSES[measured % FRAME_PASSES.length])
        } catch {
          // A frame the reader chokes on is skipped; the next one comes in 100 ms.
        }
        const decoded = performance.now()
        // Bounded: the timeline keeps every measure until cleared.
        if (++measured % 600 === 0) {
          performance.clearMeasures(GRAB_MEASURE)
          performance.clearMeasures(DECODE_MEASURE)
        }
        performance.measure(GRAB_MEASURE, { start: began, end: grabbed })
        performance.measure(DECODE_MEASURE, { start: grabbed, end: decoded })
        if (generation !== generationRef.current) return
        if (!pausedRef.current) report(texts, decoded)
      }
      timerRef.current = window.setTimeout(tick, Math.max(0, FRAME_INTERVAL_MS - (performance.now() - began)))
    }
    timerRef.current = window.setTimeout(tick, 0)
  }

  function report(texts: string[], now: number) {
    const seen = lastSeenRef.current
    const fresh = texts.filter((text) => now - (seen.get(text) ?? -Infinity) > REPEAT_AFTER_MS)
    for (const text of texts) seen.set(text, now)
    if (fresh.length > 0) onDecodedRef.current(fresh)
  }

  useEffect(() => {
    // Resuming forgets what was seen, so a sheet still in view is read again on purpose.
    if (pausedRef.current && !paused) lastSeenRef.current.clear()
    pausedRef.current = paused
  }, [paused])

  useEffect(() => {
    lastSeenRef.current.clear()
  }, [rearmKey])

  useEffect(() => release, [release])

  return { state, videoRef, start, stop }
}
