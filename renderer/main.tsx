// Renderer entry: mounts the app frame. All backend access goes through window.custos.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'

const container = document.getElementById('root')
if (!container) throw new Error('The page has no #root element.')
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
