// A loopback IAM endpoint for tests: the Query API subset Custos uses, with AWS's documented
// semantics and XML shapes, and SigV4 verified independently of the SDK that signs.
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** At most two access keys per IAM user (IAM quotas). */
export const MAX_KEYS_PER_USER = 2

export interface FakeKey {
  userName: string
  accessKeyId: string
  secretAccessKey: string
  status: 'Active' | 'Inactive'
  createDate: Date
  /** Made through CreateAccessKey (only such keys are subject to propagationFailures). */
  fresh?: boolean
  lastUsed?: { date: Date; serviceName: string; region: string }
}

export interface FakeUser {
  userName: string
  userId: string
  arn: string
  createDate: Date
  /** May act on every user (like an administrator); otherwise only on its own keys. */
  admin: boolean
  /** Actions an explicit deny refuses, whoever the target. */
  denied: Set<string>
}

export interface Fault {
  action: string | '*'
  code: string
  status: number
  message: string
  /** How many matching requests fail before the fault clears. */
  times: number
}

export interface RecordedRequest {
  action: string
  accessKeyId: string | undefined
  params: Record<string, string>
  outcome: string
  requestId: string
  region?: string
  service?: string
}

const ACTIONS = [
  'ListAccessKeys',
  'CreateAccessKey',
  'UpdateAccessKey',
  'DeleteAccessKey',
  'GetAccessKeyLastUsed',
  'GetUser',
] as const
type Action = (typeof ACTIONS)[number]

const XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/'
const ACCOUNT_ID = '123456789012'
const KEY_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message)
  }
}

export class FakeIamServer {
  readonly users = new Map<string, FakeUser>()
  readonly keys = new Map<string, FakeKey>()
  readonly requests: RecordedRequest[] = []
  readonly accountId = ACCOUNT_ID
  private faults: Fault[] = []
  private server: Server | undefined
  private sockets = new Set<Socket>()
  private port = 0
  /** New keys may take a moment to work in real IAM (eventual consistency); tests can mimic it. */
  propagationFailures = 0

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res))
    server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
    return this.endpoint
  }

  /** Stops listening and cuts open connections: the network is "down" until start(samePort). */
  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  async restart(): Promise<void> {
    await this.start(this.port)
  }

  addUser(userName: string, options: { admin?: boolean } = {}): FakeUser {
    const user: FakeUser = {
      userName,
      userId: 'AIDA' + randomKeyChars(17),
      arn: `arn:aws:iam::${ACCOUNT_ID}:user/${userName}`,
      createDate: new Date('2024-01-15T10:00:00Z'),
      admin: options.admin ?? false,
      denied: new Set(),
    }
    this.users.set(userName, user)
    return user
  }

  /** Gives a user a key directly (as if made long ago), ignoring the two-key limit check of the API. */
  addKey(userName: string, status: 'Active' | 'Inactive' = 'Active'): FakeKey {
    const key = newKey(userName, status)
    this.keys.set(key.accessKeyId, key)
    return key
  }

  keysOf(userName: string): FakeKey[] {
    return [...this.keys.values()].filter((k) => k.userName === userName)
  }

  deny(userName: string, action: Action): void {
    this.users.get(userName)?.denied.add(action)
  }

  allow(userName: string, action: Action): void {
    this.users.get(userName)?.denied.delete(action)
  }

  /** Makes the next `times` requests for `action` fail with an AWS error (e.g. Throttling). */
  inject(fault: Partial<Fault> & Pick<Fault, 'code'>): void {
    this.faults.push({
      action: fault.action ?? '*',
      code: fault.code,
      status: fault.status ?? (fault.code === 'Throttling' ? 400 : 500),
      message: fault.message ?? (fault.code === 'Throttling' ? 'Rate exceeded' : 'Injected failure'),
      times: fault.times ?? 1,
    })
  }

  /** Hook run after a request is authenticated and before it is carried out (tests kill flows here). */
  beforeAction: ((action: string, params: Record<string, string>) => void | 'drop' | Promise<void | 'drop'>) | undefined

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID()
    const body = await readBody(req)
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')))
    const action = params.Action ?? ''
    const record: RecordedRequest = { action, accessKeyId: undefined, params, outcome: 'pending', requestId }
    this.requests.push(record)
    try {
      if (req.method !== 'POST') throw new IamError(400, 'InvalidAction', 'Only POST is supported here.')
      const auth = this.authenticate(req, body, record)
      if (!(ACTIONS as readonly string[]).includes(action)) {
        throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version NO_VERSION_SPECIFIED`)
      }
      if (params.Version !== '2010-05-08') throw new IamError(400, 'InvalidParameterValue', 'Version must be 2010-05-08')
      const fault = this.faults.find((f) => (f.action === '*' || f.action === action) && f.times > 0)
      if (fault) {
        fault.times -= 1
        this.faults = this.faults.filter((f) => f.times > 0)
        throw new IamError(fault.status, fault.code, fault.message, fault.status >= 500 ? 'Receiver' : 'Sender')
      }
      if (auth.caller.denied.has(action)) {
        throw new IamError(
          403,
          'AccessDenied',
          `User: ${auth.caller.arn} is not authorized to perform: iam:${action} on resource: ` +
            `${targetArn(params.UserName ?? auth.caller.userName)} with an explicit deny in an identity-based policy`,
        )
      }
      if ((await this.beforeAction?.(action, params)) === 'drop') {
        // The request dies with the connection before IAM acts on it.
        record.outcome = 'dropped'
        req.socket.destroy()
        return
      }
      const xml = this.perform(action as Action, params, auth.caller, auth.key)
      record.outcome = 'ok'
      respond(res, 200, requestId, `<${action}Response xmlns="${XMLNS}">${xml}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`)
    } catch (error) {
      if (!(error instanceof IamError)) throw error
      record.outcome = error.code
      respond(
        res,
        error.status,
        requestId,
        `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${error.type}</Type><Code>${error.code}</Code>` +
          `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      )
    }
  }

  /** SigV4 (AWS4-HMAC-SHA256) recomputed from the raw request per the published algorithm. */
  private authenticate(req: IncomingMessage, body: Buffer, record: RecordedRequest): { caller: FakeUser; key: FakeKey } {
    const header = req.headers.authorization ?? ''
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(header)
    if (!match) throw new IamError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
    const [, keyId, date, region, service, signedHeaderList, signature] = match as unknown as string[]
    record.accessKeyId = keyId
    record.region = region
    record.service = service
    const key = this.keys.get(keyId!)
    // Inactive and deleted keys are refused exactly like keys that never existed.
    if (!key || key.status !== 'Active') {
      throw new IamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.')
    }
    if (this.propagationFailures > 0 && key.fresh) {
      this.propagationFailures -= 1
      throw new IamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.')
    }
    const amzDate = headerValue(req, 'x-amz-date')
    if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) {
      throw new IamError(400, 'IncompleteSignature', 'X-Amz-Date is missing or does not match the credential scope.')
    }
    const signedAt = Date.parse(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`)
    if (Math.abs(Date.now() - signedAt) > 15 * 60_000) {
      throw new IamError(403, 'SignatureDoesNotMatch', 'Signature expired: the request time is too far from the server time.')
    }
    if (service !== 'iam' || region !== 'us-east-1') {
      throw new IamError(403, 'SignatureDoesNotMatch', `Credential should be scoped to a valid region (us-east-1) and service (iam), not ${region}/${service}.`)
    }
    const signedHeaders = signedHeaderList!.split(';')
    if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
      throw new IamError(403, 'SignatureDoesNotMatch', 'host and x-amz-date must be signed.')
    }
    const url = new URL(req.url ?? '/', 'http://placeholder')
    const canonicalHeaders = signedHeaders.map((name) => `${name}:${(headerValue(req, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('')
    const canonicalQuery = [...url.searchParams.entries()]
      .map(([k, v]) => [encodeRfc3986(k), encodeRfc3986(v)] as const)
      .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&')
    const canonicalRequest = [
      req.method,
      url.pathname.split('/').map((s) => encodeRfc3986(decodeURIComponent(s))).join('/') || '/',
      canonicalQuery,
      canonicalHeaders,
      signedHeaderList,
      sha256Hex(body),
    ].join('\n')
    const scope = `${date}/${region}/${service}/aws4_request`
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n')
    let signingKey = hmac(`AWS4${key.secretAccessKey}`, date!)
    for (const part of [region!, service!, 'aws4_request']) signingKey = hmac(signingKey, part)
    const expected = hmac(signingKey, stringToSign)
    const given = Buffer.from(signature!, 'hex')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new IamError(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
      )
    }
    const caller = this.users.get(key.userName)
    if (!caller) throw new IamError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.')
    key.lastUsed = { date: new Date(), serviceName: 'iam', region: 'us-east-1' }
    return { caller, key }
  }

  private perform(action: Action, params: Record<string, string>, caller: FakeUser, _key: FakeKey): string {
    const userName = params.UserName ?? caller.userName
    const mayActOn = (target: string) => {
      if (!caller.admin && target !== caller.userName) {
        throw new IamError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: iam:${action} on resource: ${targetArn(target)}`)
      }
    }
    const user = (name: string) => {
      const found = this.users.get(name)
      if (!found) throw new IamError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`)
      return found
    }
    const keyOf = (name: string, id: string | undefined) => {
      if (!id) throw new IamError(400, 'ValidationError', '1 validation error detected: Value null at \'accessKeyId\' failed to satisfy constraint: Member must not be null')
      const found = this.keys.get(id)
      if (!found || found.userName !== name) throw new IamError(404, 'NoSuchEntity', `The Access Key with id ${id} cannot be found.`)
      return found
    }
    switch (action) {
      case 'GetUser': {
        mayActOn(userName)
        const u = user(userName)
        return `<GetUserResult><User><Path>/</Path><UserName>${u.userName}</UserName><UserId>${u.userId}</UserId><Arn>${u.arn}</Arn><CreateDate>${iso(u.createDate)}</CreateDate></User></GetUserResult>`
      }
      case 'ListAccessKeys': {
        mayActOn(userName)
        user(userName)
        const members = this.keysOf(userName)
          .map((k) => `<member><UserName>${k.userName}</UserName><AccessKeyId>${k.accessKeyId}</AccessKeyId><Status>${k.status}</Status><CreateDate>${iso(k.createDate)}</CreateDate></member>`)
          .join('')
        return `<ListAccessKeysResult><AccessKeyMetadata>${members}</AccessKeyMetadata><IsTruncated>false</IsTruncated></ListAccessKeysResult>`
      }
      case 'CreateAccessKey': {
        mayActOn(userName)
        user(userName)
        if (this.keysOf(userName).length >= MAX_KEYS_PER_USER) {
          throw new IamError(409, 'LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS_PER_USER}`)
        }
        const k = { ...newKey(userName, 'Active'), fresh: true }
        this.keys.set(k.accessKeyId, k)
        return `<CreateAccessKeyResult><AccessKey><UserName>${k.userName}</UserName><AccessKeyId>${k.accessKeyId}</AccessKeyId><Status>Active</Status><SecretAccessKey>${k.secretAccessKey}</SecretAccessKey><CreateDate>${iso(k.createDate)}</CreateDate></AccessKey></CreateAccessKeyResult>`
      }
      case 'UpdateAccessKey': {
        mayActOn(userName)
        user(userName)
        const status = params.Status
        if (status !== 'Active' && status !== 'Inactive') {
          throw new IamError(400, 'ValidationError', `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`)
        }
        keyOf(userName, params.AccessKeyId).status = status
        return ''
      }
      case 'DeleteAccessKey': {
        mayActOn(userName)
        user(userName)
        this.keys.delete(keyOf(userName, params.AccessKeyId).accessKeyId)
        return ''
      }
      case 'GetAccessKeyLastUsed': {
        const id = params.AccessKeyId
        const k = id ? this.keys.get(id) : undefined
        // AWS answers AccessDenied, not NoSuchEntity, for a key id the caller cannot see.
        if (!k) throw new IamError(403, 'AccessDenied', `User: ${caller.arn} is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`)
        mayActOn(k.userName)
        const used = k.lastUsed
        const inner = used
          ? `<LastUsedDate>${iso(used.date)}</LastUsedDate><ServiceName>${used.serviceName}</ServiceName><Region>${used.region}</Region>`
          : '<ServiceName>N/A</ServiceName><Region>N/A</Region>'
        return `<GetAccessKeyLastUsedResult><UserName>${k.userName}</UserName><AccessKeyLastUsed>${inner}</AccessKeyLastUsed></GetAccessKeyLastUsedResult>`
      }
    }
  }
}

function newKey(userName: string, status: 'Active' | 'Inactive'): FakeKey {
  const secret = [...randomBytes(40)].map((b) => SECRET_CHARS[b % 64]).join('')
  return { userName, accessKeyId: 'AKIA' + randomKeyChars(16), secretAccessKey: secret, status, createDate: new Date(Math.floor(Date.now() / 1000) * 1000) }
}

function randomKeyChars(n: number): string {
  return [...randomBytes(n)].map((b) => KEY_ID_CHARS[b % 32]).join('')
}

function targetArn(userName: string): string {
  return `arn:aws:iam::${ACCOUNT_ID}:user/${userName}`
}

function respond(res: ServerResponse, status: number, requestId: string, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId, date: new Date().toUTCString() })
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`)
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const values: string[] = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]!.toLowerCase() === name) values.push(req.rawHeaders[i + 1]!)
  }
  return values.length ? values.join(',') : undefined
}

function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
}

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
