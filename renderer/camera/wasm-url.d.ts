// Vite turns `import url from 'file?url'` into the URL of the file it copies into the build;
// the renderer uses it for the QR reader's .wasm (bundled, never fetched from a CDN).
declare module '*.wasm?url' {
  const url: string
  export default url
}
