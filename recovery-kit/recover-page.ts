// The recovery page (recover.html): sheets by camera, image or typed groups with a verdict
// for each, then the credential and a signed receipt. Plain DOM, no network, one file.
import { sha256 } from '@noble/hashes/sha2'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { decodeFrame, FRAME_PASSES, prepareFrameDecoder } from '../renderer/camera/decode-frame'
import { parseCustodyMarker, type CustodyMarker } from '../shared/custody-marker'
import { isCustosError } from '../shared/errors'
import { formatReceipt, fromBase64 } from '../shared/receipt'
import { groupForDisplay } from '../shared/share-format'
import { checkSheet, readTypedSheet, recoverFrom, setLinesOf, signReceipt, type SetLines, type SheetVerdict } from './kit-recovery'

declare const __KIT_WASM_BASE64__: string
declare const __KIT_VERSION__: string

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const value = (id: string) => $<HTMLInputElement>(id).value.trim()

interface Presented {
  source: string
  text: string
  verdict: SheetVerdict
}
const presented: Presented[] = []

function publicKey(): Uint8Array | undefined {
  const text = value('public-key')
  if (!text) return undefined
  try {
    return fromBase64(text)
  } catch {
    return undefined
  }
}

/** Re-checks every sheet (the fingerprint may have changed) and says how far the quorum is. */
function refresh(): void {
  const fingerprint = value('fingerprint')
  const list = $('sheets')
  list.replaceChildren()
  for (const p of presented) {
    if (p.text) p.verdict = checkSheet(p.text, fingerprint, publicKey())
    const item = document.createElement('li')
    item.className = p.verdict.ok ? 'ok' : 'bad'
    item.textContent = `${p.verdict.ok ? '✓' : '✗'} ${p.source}: ${p.verdict.message}`
    list.append(item)
  }
  const good = presented.filter((p) => p.verdict.ok).map((p) => p.verdict.share!)
  const distinct = new Set(good.map((s) => `${s.header.setId}/${s.index}`)).size
  const needed = good[0]?.header.threshold
  const status = $('quorum-status')
  if (!fingerprint) status.textContent = 'Type the vault fingerprint first: sheets are checked against it.'
  else if (!needed) status.textContent = presented.length ? 'No genuine sheet yet.' : 'No sheet yet.'
  else status.textContent = distinct >= needed ? `Quorum met: ${distinct} of ${needed} different shares.` : `Sheet ${distinct} of ${needed} needed.`
  $<HTMLButtonElement>('recover').disabled = !(needed && distinct >= needed)
  const lines = knownSetLines()
  $('typed-hint').textContent = lines
    .map((set) => `Lines 01 to ${String(set.count).padStart(2, '0')} (barred on the sheet) are the same on every sheet of set ${groupForDisplay(set.setId)}: ` +
      `for the next sheets, type from line ${String(set.count + 1).padStart(2, '0')} on, with its number.`)
    .join(' ')
}

/** The set lines of the genuine format 2 sheets read so far, one per set. */
function knownSetLines(): SetLines[] {
  const bySet = new Map<string, SetLines>()
  for (const p of presented) {
    const lines = p.verdict.ok && p.verdict.share ? setLinesOf(p.verdict.share) : undefined
    if (lines && !bySet.has(lines.setId)) bySet.set(lines.setId, lines)
  }
  return [...bySet.values()]
}

/** Typed groups: a typo is named by its group and the text stays for correcting; a readable sheet joins the list. */
function addTyped(): void {
  const typed = $<HTMLTextAreaElement>('typed')
  if (!typed.value.trim()) return
  let payload: string
  try {
    payload = readTypedSheet(typed.value, knownSetLines())
  } catch (error) {
    $('typed-error').textContent = isCustosError(error) ? error.message : 'These groups are not a Custos sheet.'
    return
  }
  $('typed-error').textContent = ''
  const verdict = checkSheet(payload, value('fingerprint'), publicKey())
  present(verdict.share ? `typed share ${verdict.share.index}` : 'typed sheet', payload)
  typed.value = ''
}

function present(source: string, text: string): void {
  const clean = text.trim()
  if (presented.some((p) => p.text === clean)) return
  presented.push({ source, text: clean, verdict: { ok: false, message: '' } })
  refresh()
}

let decoderReady: Promise<unknown> | undefined
/** The QR reader (zxing-wasm, inlined): given its bytes, so it never looks for a .wasm file or a CDN. */
function decoder(): Promise<unknown> {
  decoderReady ??= prepareFrameDecoder({ binary: Uint8Array.from(atob(__KIT_WASM_BASE64__), (c) => c.charCodeAt(0)).buffer })
  return decoderReady
}

/** Share texts found in the image, or, when it holds none, the sheet whose custody record (back page) it is. */
async function decodeImageFile(file: File): Promise<{ texts: string[]; back?: CustodyMarker }> {
  await decoder()
  const bitmap = await createImageBitmap(file)
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  const context = canvas.getContext('2d', { willReadFrequently: true })!
  context.drawImage(bitmap, 0, 0)
  const frame = context.getImageData(0, 0, canvas.width, canvas.height)
  for (const options of FRAME_PASSES) {
    const texts = await decodeFrame(frame, { ...options, tryHarder: true, tryRotate: true, tryDownscale: true })
    if (texts.length) return { texts }
  }
  const marks = await decodeFrame(frame, { ...FRAME_PASSES[0], formats: ['DataMatrix'], tryHarder: true, tryRotate: true, tryDownscale: true })
  const back = marks.map(parseCustodyMarker).find((m) => m !== undefined)
  return back ? { texts: [], back } : { texts: [] }
}

let stream: MediaStream | undefined
async function startCamera(): Promise<void> {
  await decoder()
  const video = $<HTMLVideoElement>('camera')
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: false })
  } catch {
    showError('The camera could not be opened (refused or missing). Use images of the sheets or type their groups instead.')
    return
  }
  video.srcObject = stream
  video.hidden = false
  $('camera-start').hidden = true
  $('camera-stop').hidden = false
  await video.play()
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })!
  let pass = 0
  const tick = async () => {
    if (!stream) return
    if (video.videoWidth) {
      canvas.width = video.videoWidth
      canvas.height = video.videoHeight
      context.drawImage(video, 0, 0)
      const texts = await decodeFrame(context.getImageData(0, 0, canvas.width, canvas.height), FRAME_PASSES[pass++ % FRAME_PASSES.length])
      for (const text of texts) present('camera', text)
    }
    setTimeout(() => void tick(), 100)
  }
  void tick()
}

function stopCamera(): void {
  stream?.getTracks().forEach((t) => t.stop())
  stream = undefined
  $('camera').hidden = true
  $('camera-start').hidden = false
  $('camera-stop').hidden = true
}

function showError(message: string): void {
  $('error').textContent = message
}

async function recover(event: Event): Promise<void> {
  event.preventDefault()
  showError('')
  const shares = presented.filter((p) => p.verdict.ok).map((p) => p.verdict.share!)
  const recovered = recoverFrom(shares)
  if (!recovered) {
    showError('These sheets do not open the credential together. One of them may be damaged or from another issue of the set: present another sheet.')
    return
  }
  try {
    const receipt = signReceipt({
      recovered,
      operator: value('operator'),
      reason: value('reason'),
      request: {
        incidentTicket: value('ticket'),
        justification: value('justification'),
        businessRisk: value('risk'),
        whyNotNormalAccess: value('why-not-normal'),
        requester: { name: value('requester-name'), team: value('requester-team'), area: value('requester-area') },
        resourceOwner: { team: value('owner-team'), contacts: value('owner-contacts') },
        useCase: value('use-case'),
      },
      now: new Date(),
      random: crypto.getRandomValues(new Uint8Array(10)),
      tool: `Custos recovery kit ${__KIT_VERSION__}`,
    })
    const text = formatReceipt(receipt)
    $<HTMLAnchorElement>('receipt-link').href = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
    $<HTMLImageElement>('receipt-qr').src = await QRCode.toDataURL(JSON.stringify(receipt), { errorCorrectionLevel: 'L', margin: 2 })
    showCredential(recovered.bundle)
    stopCamera()
  } finally {
    recovered.dataKey.fill(0)
  }
}

function showCredential(bundle: Record<string, unknown>): void {
  const list = $('fields')
  list.replaceChildren()
  const fields: [string, string][] = Object.entries(bundle).flatMap(([name, v]) =>
    v && typeof v === 'object' ? Object.entries(v as Record<string, string>).map(([k, x]) => [k, String(x)] as [string, string]) : [[name, String(v)] as [string, string]],
  )
  for (const [name, text] of fields) {
    const term = document.createElement('dt')
    term.textContent = name
    const detail = document.createElement('dd')
    const shown = document.createElement('span')
    shown.className = 'secret'
    shown.textContent = '••••••••'
    const reveal = document.createElement('button')
    reveal.type = 'button'
    reveal.textContent = `Reveal ${name}`
    reveal.addEventListener('click', () => {
      const hidden = shown.textContent === '••••••••'
      shown.textContent = hidden ? text : '••••••••'
      reveal.textContent = `${hidden ? 'Hide' : 'Reveal'} ${name}`
    })
    const copy = document.createElement('button')
    copy.type = 'button'
    copy.textContent = `Copy ${name}`
    copy.addEventListener('click', () => void navigator.clipboard?.writeText(text))
    detail.append(shown, ' ', reveal, copy)
    list.append(term, detail)
  }
  const seed = typeof bundle.totpSeed === 'string' ? bundle.totpSeed : undefined
  if (seed) {
    const totp = new TOTP({ secret: Secret.fromBase32(seed.replace(/=+$/, '')), digits: 6, period: 30, algorithm: 'SHA1' })
    const tick = () => {
      $('totp-code').textContent = totp.generate()
      $('totp-left').textContent = String(30 - (Math.floor(Date.now() / 1000) % 30))
    }
    tick()
    setInterval(tick, 1000)
    $('totp').hidden = false
  }
  $('result').hidden = false
  $('result').scrollIntoView()
}

function start(): void {
  $('fingerprint').addEventListener('input', refresh)
  $('public-key').addEventListener('input', refresh)
  $('add-typed').addEventListener('click', addTyped)
  $<HTMLInputElement>('images').addEventListener('change', async (event) => {
    for (const file of Array.from((event.target as HTMLInputElement).files ?? [])) {
      const { texts, back } = await decodeImageFile(file).catch(() => ({ texts: [] as string[], back: undefined }))
      if (back) {
        const message = `the custody record on the back of share ${back.index} copy ${back.copy} of set ${groupForDisplay(back.setId)}: no share on it, set aside. Use the front.`
        presented.push({ source: file.name, text: '', verdict: { ok: false, message } })
      } else if (texts.length === 0) presented.push({ source: file.name, text: '', verdict: { ok: false, message: 'no sheet QR code found in this image; try another photo or type the groups.' } })
      for (const text of texts) present(file.name, text)
    }
    refresh()
  })
  $('camera-start').addEventListener('click', () => void startCamera())
  $('camera-stop').addEventListener('click', stopCamera)
  $('request').addEventListener('submit', (event) => void recover(event))
  refresh()
  // After the first paint, so the page shows at once: the hash of this page's own code (what
  // a reviewer compares with the published one), then the QR reader, so the first image or
  // camera frame is not kept waiting. The reader's state is on <body data-decoder> (and its
  // load time in data-decoder-ms) for whoever watches the page.
  setTimeout(() => {
    const script = document.querySelector('script')?.textContent ?? ''
    $('kit-hash').textContent = Array.from(sha256(new TextEncoder().encode(script)), (b) => b.toString(16).padStart(2, '0')).join('')
    startDecoder()
  }, 0)
}

function startDecoder(): void {
  decoder().then(
    () => {
      document.body.dataset.decoderMs = String(Math.round(performance.now()))
      document.body.dataset.decoder = 'ready'
    },
    () => {
      document.body.dataset.decoder = 'failed'
      showError('The QR reader could not start in this browser. Type the groups of the sheets instead.')
    },
  )
}

start()
