import { build } from 'vite'
import { rendererViteConfig } from '../../electron.vite.config'
await build({ configFile: false, ...rendererViteConfig('/tmp/desk/r') })
