// The air gap: with connected mode off no request of any kind leaves the process. A native-level
// observer (async_hooks sees every TCP connect, DNS request and UDP socket libuv makes) fails the
// test if one is opened, whatever JavaScript path asked for it.
import { createHook } from 'node:async_hooks'
import dgram from 'node:dgram'
import dns from 'node:dns'
import { readdirSync, readlinkSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { destinationFromEndpoint, isUrlAllowed } from '../../main/core/aws/allow-list'
import { signerFromBundle } from '../../main/core/aws/aftercare-steps'
import { checkKeys } from '../../main/core/aws/check-keys'
import { installNetworkGuard, openWindow } from '../../main/core/aws/network-guard'
import { IamSession } from '../../main/core/aws/iam-client'
import { BREAK_GLASS_USER, fastRetry, makeHarness, type Harness } from './aws-harness'

// *CONNECTWRAP is a connect request; GETADDRINFO/GETNAMEINFO/QUERY a DNS lookup; UDPSENDWRAP a datagram.
// (TCPWRAP, TLSWRAP and UDPWRAP are handles libuv makes before any socket exists; the fd check below
// covers real sockets.)
const NETWORK_RESOURCES = new Set(['TCPCONNECTWRAP', 'PIPECONNECTWRAP', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP', 'QUERYWRAP', 'UDPSENDWRAP'])

/** Open socket file descriptors of this process, as the kernel sees them (Linux /proc). */
function openSockets(): Set<string> {
  const sockets = new Set<string>()
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      if (target.startsWith('socket:')) sockets.add(target)
    } catch {
      // closed while listing
    }
  }
  return sockets
}

function watchNetwork() {
  const seen: string[] = []
  const hook = createHook({
    init(_id, type) {
      if (NETWORK_RESOURCES.has(type)) seen.push(type)
    },
  })
  hook.enable()
  return { seen, stop: () => hook.disable() }
}

const settle = () => new Promise((r) => setTimeout(r, 50))
const attempt = (start: (done: (e?: unknown) => void) => void) =>
  new Promise<unknown>((resolve) => {
    try {
      start((e) => resolve(e))
    } catch (e) {
      resolve(e)
    }
  })

let h: Harness
beforeAll(async () => {
  h = await makeHarness()
  installNetworkGuard()
})
afterAll(async () => {
  await h.close()
})

describe('network guard (connected mode off)', () => {
  it('opens no socket and sends no DNS query for any kind of request', async () => {
    const port = Number(new URL(h.server.endpoint).port)
    const before = h.server.requests.length
    const socketsBefore = openSockets()
    const watch = watchNetwork()
    const errors: unknown[] = []
    try {
      errors.push(await attempt((done) => net.connect(port, '127.0.0.1').on('error', done).on('connect', () => done())))
      errors.push(await attempt((done) => net.createConnection({ host: 'iam.amazonaws.com', port: 443 }).on('error', done)))
      errors.push(await attempt((done) => tls.connect({ host: 'iam.amazonaws.com', port: 443 }).on('error', done)))
      errors.push(await attempt((done) => http.get(`${h.server.endpoint}/`, () => done()).on('error', done)))
      errors.push(await attempt((done) => https.get('https://iam.amazonaws.com/', () => done()).on('error', done)))
      errors.push(await fetch(`${h.server.endpoint}/`).then(() => undefined, (e: unknown) => e))
      errors.push(await attempt((done) => dns.lookup('iam.amazonaws.com', (e) => done(e))))
      errors.push(await dns.promises.resolve4('example.com').then(() => undefined, (e: unknown) => e))
      errors.push(await attempt((done) => new dns.Resolver().resolveTxt('example.com', (e) => done(e))))
      const udp = dgram.createSocket('udp4')
      errors.push(await attempt((done) => udp.send('x', 53, '127.0.0.1', (e) => done(e))))
      udp.close()
      // The real IAM client, with a valid key, outside connected mode.
      const session = new IamSession(signerFromBundle(h.releasedBundle), h.server.endpoint, h.clock, fastRetry)
      errors.push(await session.call('GetUser', {}).then(() => undefined, (e: unknown) => e))
      session.close()
      await settle()
    } finally {
      watch.stop()
    }
    expect(watch.seen).toEqual([])
    expect([...openSockets()].filter((s) => !socketsBefore.has(s))).toEqual([])
    expect(h.server.requests.length).toBe(before)
    for (const error of errors) expect((error as { cause?: unknown })?.cause ?? error).toMatchObject({ code: 'NETWORK_BLOCKED' })
  })

  it('in connected mode lets only the IAM endpoint through, and closes the door afterwards', async () => {
    const decoy = http.createServer((_q, r) => r.end('hi'))
    await new Promise<void>((r) => decoy.listen(0, '127.0.0.1', () => r()))
    const decoyPort = (decoy.address() as net.AddressInfo).port
    let sneaked: unknown
    try {
      h.progress.length = 0
      const check = await checkKeys(
        h.deps({
          onConnectedChange: (on) => {
            if (on) sneaked = 'pending'
          },
        }),
        signerFromBundle(h.releasedBundle),
        { userName: BREAK_GLASS_USER, accessKeyId: h.released.accessKeyId },
      )
      expect(check.keys).toHaveLength(1)
      // While a window is open for IAM, another port on the same host stays blocked.
      const window = openWindow(destinationFromEndpoint(h.server.endpoint))
      sneaked = await fetch(`http://127.0.0.1:${decoyPort}/`).then(() => 'reached', (e: unknown) => (e as { cause?: unknown }).cause ?? e)
      window.close()
      expect(sneaked).toMatchObject({ code: 'NETWORK_BLOCKED' })
      // After connected mode the IAM endpoint is blocked again.
      const watch = watchNetwork()
      const after = await fetch(`${h.server.endpoint}/`).then(() => 'reached', (e: unknown) => (e as { cause?: unknown }).cause ?? e)
      await settle()
      watch.stop()
      expect(after).toMatchObject({ code: 'NETWORK_BLOCKED' })
      expect(watch.seen).toEqual([])
    } finally {
      decoy.close()
    }
  })
})

describe('allow-list decision (shared with the Electron session filter)', () => {
  const list = [destinationFromEndpoint('https://iam.amazonaws.com')]
  it('allows exactly the IAM origin', () => {
    expect(isUrlAllowed(list, 'https://iam.amazonaws.com/')).toBe(true)
    expect(isUrlAllowed(list, 'https://IAM.amazonaws.com./?Action=GetUser')).toBe(true)
    expect(isUrlAllowed([], 'https://iam.amazonaws.com/')).toBe(false)
  })
  it('refuses look-alikes, other ports, other schemes and other hosts', () => {
    for (const url of [
      'http://iam.amazonaws.com/',
      'https://iam.amazonaws.com:8443/',
      'https://iam.amazonaws.com.evil.example/',
      'https://evil.example/?u=https://iam.amazonaws.com',
      'https://sts.amazonaws.com/',
      'wss://iam.amazonaws.com/',
      'not a url',
    ]) {
      expect(isUrlAllowed(list, url), url).toBe(false)
    }
  })
  it('refuses plain http except for a loopback test endpoint, and endpoints with paths or users', () => {
    expect(() => destinationFromEndpoint('http://iam.amazonaws.com')).toThrow(/loopback/)
    expect(destinationFromEndpoint('http://127.0.0.1:4566')).toEqual({ protocol: 'http:', hostname: '127.0.0.1', port: 4566 })
    expect(() => destinationFromEndpoint('https://user:pw@iam.amazonaws.com')).toThrow(/bare origin/)
    expect(() => destinationFromEndpoint('https://iam.amazonaws.com/x')).toThrow(/bare origin/)
  })
})
