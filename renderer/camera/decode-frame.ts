// The pure frame decoder of the camera: one RGBA frame in, the text of every QR code in it
// out. No DOM and no Vite here, so the benchmark times exactly this under Node.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader'

/** What readBarcodes needs of a frame: ImageData in the browser, a plain object in Node. */
export interface FrameImage {
  data: Uint8ClampedArray
  width: number
  height: number
}

/** Where the reader's .wasm comes from: a URL bundled with the app, or its bytes (Node). */
export type WasmSource = { url: string } | { binary: ArrayBuffer }

/**
 * Tuned for a live camera: a frame that does not decode costs little, because the next
 * frame comes 1/10 s later. So no rotation or inversion passes and no "try harder" (a
 * sheet is held upright, dark on light), and no downscaled pass: a sheet's QR code is dense
 * (version 20 and up), so a smaller copy of the frame loses its modules and only costs time.
 */
export const FRAME_READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: false,
  tryDenoise: false,
  binarizer: 'LocalAverage',
  maxNumberOfSymbols: 4,
  textMode: 'Plain',
}

/**
 * The live scanner alternates these frame by frame: the local-average binarizer copes with
 * uneven light across the sheet, the global histogram is about 30 % cheaper and copes with
 * glare differently; a frame one misses, the next frame gets the other.
 */
export const FRAME_PASSES: readonly ReaderOptions[] = [FRAME_READER_OPTIONS, { ...FRAME_READER_OPTIONS, binarizer: 'GlobalHistogram' }]

let ready: Promise<unknown> | undefined

/**
 * Loads the reader once. It must be called before the first decode: zxing-wasm's own
 * default would fetch the .wasm from a CDN, which an offline vault must never do.
 */
export function prepareFrameDecoder(source: WasmSource): Promise<unknown> {
  ready ??= prepareZXingModule({
    overrides:
      'binary' in source
        ? { wasmBinary: source.binary, locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? 'about:blank' : prefix + path) }
        : { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? source.url : prefix + path) },
    fireImmediately: true,
  })
  return ready
}

/** The texts of the QR codes in the frame, trimmed; [] when none could be read. */
export async function decodeFrame(frame: FrameImage, options: ReaderOptions = FRAME_READER_OPTIONS): Promise<string[]> {
  if (!ready) throw new Error('prepareFrameDecoder() must run before decodeFrame().')
  await ready
  const results = await readBarcodes(frame as ImageData, options)
  return results.filter((r) => r.isValid && r.text).map((r) => r.text.trim())
}
