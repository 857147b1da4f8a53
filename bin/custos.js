#!/usr/bin/env node
// The `custos` command: loads the TypeScript CLI through tsx so `npx custos` works
// straight after `npm ci`, with no separate build step.
import { register } from 'tsx/esm/api'

register()
await import('../main/cli/index.ts')
