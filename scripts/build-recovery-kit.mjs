// Builds the recovery kit's one-file page: recovery-kit/recover-page.ts bundled for browsers
// with esbuild, zxing-wasm's reader inlined as base64, into out/recovery-kit/recover.html.
// Not minified: the page is meant to be read and reviewed. Run by `npm run build` and tests.
import { build } from 'esbuild'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
const wasm = readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))

const result = await build({
  entryPoints: [join(root, 'recovery-kit/recover-page.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  write: false,
  minify: false,
  legalComments: 'inline',
  define: { __KIT_WASM_BASE64__: JSON.stringify(wasm.toString('base64')), __KIT_VERSION__: JSON.stringify(version) },
  // secrets.js-grempe, bundled as CommonJS, asks for Node's "crypto": give it the browser's
  // WebCrypto, whose getRandomValues it then uses (a bare external would throw on require).
  plugins: [
    {
      name: 'browser-crypto',
      setup(b) {
        b.onResolve({ filter: /^crypto$/ }, () => ({ path: 'crypto', namespace: 'browser-crypto' }))
        b.onLoad({ filter: /.*/, namespace: 'browser-crypto' }, () => ({ contents: 'module.exports = globalThis.crypto', loader: 'js' }))
      },
    },
  ],
  logLevel: 'warning',
})
// An inline script ends at the first "</script": keep any in the bundle from closing it.
const script = result.outputFiles[0].text.replaceAll('</script', '<\\/script')
const template = readFileSync(join(root, 'recovery-kit/recover.html'), 'utf8')
const html = template.replace('__KIT_VERSION__', version).replace('__KIT_SCRIPT__', () => script)
const out = join(root, 'out/recovery-kit')
mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'recover.html'), html)
process.stdout.write(`recovery kit: out/recovery-kit/recover.html (${(html.length / 1e6).toFixed(2)} MB)\n`)

// What travels with the page: the format it implements and a plain-language README.
writeFileSync(join(out, 'FORMAT.md'), readFileSync(join(root, 'docs/FORMAT.md')))
writeFileSync(join(out, 'README.txt'), readFileSync(join(root, 'recovery-kit/README.txt'), 'utf8').replaceAll('__KIT_VERSION__', version))
