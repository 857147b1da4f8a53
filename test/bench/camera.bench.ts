// Camera benchmark, one JSON object per line: the time renderer/camera/decode-frame.ts takes
// per 1280x720 frame of the fake-camera video (real sheets, pdftoppm at 150 dpi, ffmpeg
// yuv420p as Chromium's fake camera plays it), for whole-page and QR-close framing, and for
// frames with no sheet in view (what most frames of a live camera are), per binarizer and
// alternating as the live scanner does. Target: 10 ms.
// Run: npx tsx test/bench/camera.bench.ts
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { splitBundle } from '../../main/core/shares/split'
import { renderSheetsPdf } from '../../main/core/sheets/sheet-pdf'
import { generateVaultKey } from '../../main/core/vault/vault-key'
import { decodeFrame, FRAME_PASSES, prepareFrameDecoder, type FrameImage } from '../../renderer/camera/decode-frame'
import { CAMERA_HEIGHT, CAMERA_WIDTH, makeCameraVideo } from '../helpers/fake-camera'
import { renderPdfPages } from '../helpers/sheet-images'
import { BUNDLE, ISSUED_AT } from '../sheets/sheet-fixture'

const emit = (record: Record<string, unknown>) => process.stdout.write(JSON.stringify(record) + '\n')
const round = (ms: number) => Math.round(ms * 100) / 100
const at = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!

/** The RGBA frames of a .y4m, as the renderer's canvas would hand them to the decoder. */
function framesOf(y4m: string): FrameImage[] {
  const raw = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', y4m, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], {
    maxBuffer: 1024 * 1024 * 1024,
  })
  const size = CAMERA_WIDTH * CAMERA_HEIGHT * 4
  const frames: FrameImage[] = []
  for (let at = 0; at + size <= raw.length; at += size) {
    frames.push({ data: new Uint8ClampedArray(raw.buffer, raw.byteOffset + at, size), width: CAMERA_WIDTH, height: CAMERA_HEIGHT })
  }
  return frames
}

/** 'alternating' is what the live scanner does: the passes in turn, frame by frame. */
const PASSES = [
  ['LocalAverage', () => FRAME_PASSES[0]!],
  ['GlobalHistogram', () => FRAME_PASSES[1]!],
  ['alternating', (n: number) => FRAME_PASSES[n % FRAME_PASSES.length]!],
] as const

async function timeFrames(frames: FrameImage[], expected: (i: number) => string | undefined, pass: (n: number) => (typeof FRAME_PASSES)[number]) {
  const times: number[] = []
  let read = 0
  let n = 0
  for (let round = 0; round < 3; round++) {
    for (const [i, frame] of frames.entries()) {
      const start = performance.now()
      const texts = await decodeFrame(frame, pass(n++))
      times.push(performance.now() - start)
      const want = expected(i)
      if (round === 0 && want !== undefined && texts.includes(want)) read++
    }
  }
  times.sort((a, b) => a - b)
  return { decodes: times.length, read, medianMs: round(at(times, 0.5)), p95Ms: round(at(times, 0.95)), maxMs: round(times.at(-1)!) }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-camera-bench-'))
  try {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'))
    await prepareFrameDecoder({ binary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer })

    const split = splitBundle({ bundle: BUNDLE, threshold: 2, total: 3, label: 'Payments prod' }, generateVaultKey())
    const pdfPath = join(dir, 'sheets.pdf')
    writeFileSync(pdfPath, await renderSheetsPdf({ payloads: split.payloads, issuedAt: ISSUED_AT }))
    const pages = renderPdfPages(pdfPath, dir, 'page', 150)
    const fps = 5
    // Warm the reader up outside the timing (first call allocates its buffers).
    const warm = join(dir, 'warm.y4m')
    makeCameraVideo([pages[0]!], warm, { secondsEach: 0.2, fps })
    await decodeFrame(framesOf(warm)[0]!)

    for (const framing of ['page', 'qr'] as const) {
      const video = join(dir, `${framing}.y4m`)
      makeCameraVideo(pages, video, { secondsEach: 1, fps, framing })
      const frames = framesOf(video)
      for (const [binarizer, pass] of PASSES) {
        const figures = await timeFrames(frames, (i) => split.payloads[Math.floor(i / fps)], pass)
        emit({ bench: 'camera.decode-frame', width: CAMERA_WIDTH, height: CAMERA_HEIGHT, framing, binarizer, frames: frames.length, ...figures, targetMs: 10 })
      }
    }

    const blank = { data: new Uint8ClampedArray(CAMERA_WIDTH * CAMERA_HEIGHT * 4).fill(235), width: CAMERA_WIDTH, height: CAMERA_HEIGHT }
    const noise = { data: new Uint8ClampedArray(CAMERA_WIDTH * CAMERA_HEIGHT * 4), width: CAMERA_WIDTH, height: CAMERA_HEIGHT }
    for (let i = 0; i < noise.data.length; i++) noise.data[i] = (i * 2654435761) >>> 24
    for (const [framing, frame] of [['empty', blank], ['noise', noise]] as const) {
      const figures = await timeFrames(Array.from({ length: 10 }, () => frame), () => undefined, PASSES[2][1])
      emit({ bench: 'camera.decode-frame', width: CAMERA_WIDTH, height: CAMERA_HEIGHT, framing, binarizer: 'alternating', frames: 10, ...figures, targetMs: 10 })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
