// Builds the three parts of the desktop app: main (ESM, node_modules external), the
// sandboxed preload (one CommonJS file: a sandboxed preload cannot require anything but
// electron) and the React renderer (TSX through Vite's built-in oxc, automatic JSX runtime).
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { UserConfig as ViteUserConfig } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

/** The renderer build on its own: the e2e test setup builds it with this into a temp folder. */
export function rendererViteConfig(outDir: string): ViteUserConfig {
  return {
    root: resolve(root, 'renderer'),
    // Relative asset URLs: the same build is served from app://custos and from the loopback test host.
    base: './',
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome130',
      sourcemap: false,
      // No inlined data: URLs for assets, so the CSP stays 'self'-only for scripts.
      assetsInlineLimit: 0,
      // One bundle read from local disk (app://), never over a network: size warnings are noise.
      chunkSizeWarningLimit: 1024,
      modulePreload: { polyfill: false },
      rollupOptions: { input: resolve(root, 'renderer', 'index.html') },
    },
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out', 'main'),
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(root, 'main', 'app', 'index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out', 'preload'),
      // Sandboxed preloads get no require() for packages: bundle zod and the contract in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main', 'preload', 'index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererViteConfig(resolve(root, 'out', 'renderer')),
})
