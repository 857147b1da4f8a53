// Video for Chromium's fake camera (--use-file-for-fake-video-capture): rendered sheet pages
// held up one after another, as a custodian shows a sheet to a webcam, in .y4m made by ffmpeg.
import { execFileSync } from 'node:child_process'

export interface CameraVideoOptions {
  /** How long each page stays in view (default 1 s). */
  secondsEach?: number
  /** Frames per second written (default 5; Chromium repeats frames to its own rate). */
  fps?: number
  /**
   * 'page' (default) shows the whole page, padded with white (its QR code then has about
   * 2 pixels per module at 720 lines, still read from a 150 dpi render); 'qr' frames the
   * upper part, where the QR code is, as a person holds a sheet close to a webcam.
   */
  framing?: 'qr' | 'page'
  /** A blank frame (no sheet in view) between sheets, in seconds (default 0). */
  gapSeconds?: number
}

export const CAMERA_WIDTH = 1280
export const CAMERA_HEIGHT = 720

/**
 * Writes a 1280x720 yuv420p .y4m: each PNG scaled (and padded with white) to the frame,
 * held for `secondsEach`. Returns the number of frames written.
 */
export function makeCameraVideo(pngPaths: string[], outPath: string, options: CameraVideoOptions = {}): number {
  if (pngPaths.length === 0) throw new Error('makeCameraVideo needs at least one image.')
  const { secondsEach = 1, fps = 5, framing = 'page', gapSeconds = 0 } = options
  const W = CAMERA_WIDTH
  const H = CAMERA_HEIGHT
  const args = ['-hide_banner', '-loglevel', 'error', '-y']
  // The sheet's top 55 %: its header, the QR code and the set facts beside it.
  const crop = framing === 'qr' ? 'crop=iw:ih*0.55:0:0,' : ''
  const fit = `scale=${W}:${H}:force_original_aspect_ratio=decrease:flags=area,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=white,setsar=1,format=yuv420p,fps=${fps}`
  const filters: string[] = []
  const parts: string[] = []
  let input = 0
  pngPaths.forEach((png, i) => {
    args.push('-loop', '1', '-framerate', String(fps), '-t', String(secondsEach), '-i', png)
    filters.push(`[${input}:v]${crop}${fit}[s${i}]`)
    parts.push(`[s${i}]`)
    input++
    if (gapSeconds > 0 && i < pngPaths.length - 1) {
      args.push('-f', 'lavfi', '-t', String(gapSeconds), '-i', `color=c=white:s=${W}x${H}:r=${fps}`)
      filters.push(`[${input}:v]format=yuv420p,setsar=1[g${i}]`)
      parts.push(`[g${i}]`)
      input++
    }
  })
  filters.push(`${parts.join('')}concat=n=${parts.length}:v=1:a=0[out]`)
  args.push('-filter_complex', filters.join(';'), '-map', '[out]', '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', outPath)
  execFileSync('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  return Math.round(pngPaths.length * secondsEach * fps + (pngPaths.length - 1) * gapSeconds * fps)
}
