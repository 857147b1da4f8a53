// Test runner settings: Node environment for shared/ and main/, generous timeouts for
// tests that drive real tools (pdftoppm, zbarimg, Chromium), never timed assertions.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Every test process gets a vault passphrase the way scripts do (CUSTOS_PASSPHRASE_FILE).
    setupFiles: ['test/helpers/test-setup.ts'],
    reporters: ['default'],
  },
})
