// Which image format a file holds, by its first bytes: light enough for a front end to check
// what it was handed before any operation (qr-decode.ts itself loads zxing-wasm).

export type ImageKind = 'png' | 'jpeg'

/** PNG and JPEG by their first bytes, whatever the file is called. */
export function imageKind(bytes: Uint8Array): ImageKind | undefined {
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'png'
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  return undefined
}
