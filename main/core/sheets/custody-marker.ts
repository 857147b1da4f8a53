// Drawing the small Data Matrix on a sheet's back page (its paper custody record): it names the
// sheet whose back it is and holds nothing secret, so scans of both sides of a sheet can be
// handed to Custos and the backs set aside by name. Data Matrix, not QR: the camera and the
// QR passes never see it, and nobody takes it for the share.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer'
import { custodyMarkerText, type CustodyMarker } from '../../../shared/custody-marker'
import { CustosError } from '../../../shared/errors'

export { parseCustodyMarker, type CustodyMarker } from '../../../shared/custody-marker'

/** A Data Matrix as rows of dark (true) and light modules, without quiet zone. */
export interface MarkerSymbol {
  size: number
  dark: (x: number, y: number) => boolean
}

let writerReady: Promise<unknown> | undefined

/** The writer's .wasm from the local node_modules copy; zxing-wasm's default would fetch it from a CDN. */
function ensureWriter(): Promise<unknown> {
  writerReady ??= (async () => {
    const require = createRequire(import.meta.url)
    const wasmPath = require.resolve('zxing-wasm/writer/zxing_writer.wasm')
    const bytes = readFileSync(wasmPath)
    return prepareZXingModule({
      overrides: {
        wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
        locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmPath : prefix + path),
      },
      fireImmediately: true,
    })
  })()
  return writerReady
}

export async function custodyMarkerSymbol(marker: CustodyMarker): Promise<MarkerSymbol> {
  await ensureWriter()
  const written = await writeBarcode(custodyMarkerText(marker), { format: 'DataMatrix', scale: 1, addQuietZones: false, options: 'forceSquare' })
  const { data, width, height } = written.symbol
  if (written.error || width !== height || width === 0) {
    throw new CustosError('INTERNAL', `The custody record marker could not be drawn (${written.error || 'not square'}).`)
  }
  return { size: width, dark: (x, y) => data[y * width + x]! < 128 }
}
