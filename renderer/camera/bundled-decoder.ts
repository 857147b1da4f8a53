// The frame decoder with the reader's .wasm that Vite copies into the app bundle: served
// from the app's own origin (app://custos, or the test host), never from a CDN.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'
import { prepareFrameDecoder } from './decode-frame'

export { decodeFrame, FRAME_PASSES } from './decode-frame'

export function prepareBundledDecoder(): Promise<unknown> {
  return prepareFrameDecoder({ url: new URL(wasmUrl, document.baseURI).href })
}
