// CMS (PKCS#7) detached signatures for the audit PDF: built with node-forge's ASN.1 and signed
// with node:crypto, so hashing a 10,000-entry export stays native-fast (forge's pure-JS SHA-256
// over a binary string does not).
import { createHash, createSign, createVerify, X509Certificate } from 'node:crypto'
import forge from 'node-forge'

const { asn1 } = forge
const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
} as const

export interface CmsSignerInput {
  signerCertPem: string
  signerKeyPem: string
  /** Issuers to embed after the signer (the vault root), so a verifier can build the chain. */
  chainPems: string[]
  signingTime: Date
}

/** Returns the DER-encoded ContentInfo(SignedData) over `content`, detached (no eContent). */
export function createCmsSignature(content: Uint8Array, input: CmsSignerInput): Buffer {
  const signerCert = forge.pki.certificateFromPem(input.signerCertPem)
  const digest = createHash('sha256').update(content).digest()
  const attributes = sortSetOf([
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTCTIME, false, asn1.dateToUtcTime(input.signingTime))),
    attribute(OID.messageDigest, octets(digest)),
  ])
  // The signature covers the DER of the attributes as a SET (RFC 5652 5.4), not the [0] tag.
  const signedAttrsDer = der(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, attributes))
  const signature = createSign('sha256').update(signedAttrsDer).sign(input.signerKeyPem)

  const signerInfo = seq([
    int(1),
    seq([forge.pki.distinguishedNameToAsn1(signerCert.issuer), intFromHex(signerCert.serialNumber)]),
    algorithm(OID.sha256),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, attributes),
    algorithm(OID.rsaEncryption),
    octets(signature),
  ])
  const certificates = [input.signerCertPem, ...input.chainPems].map((pem) =>
    forge.pki.certificateToAsn1(forge.pki.certificateFromPem(pem)),
  )
  const signedData = seq([
    int(1),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [algorithm(OID.sha256)]),
    seq([oid(OID.data)]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, certificates),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [signerInfo]),
  ])
  const contentInfo = seq([oid(OID.signedData), asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [signedData])])
  return der(contentInfo)
}

export interface CmsCheck {
  /** The certificate whose key made the signature, PEM. */
  signerCertPem: string
  /** Every certificate the CMS carries, PEM (signer included). */
  certificatePems: string[]
  signingTime?: Date
}

export class CmsError extends Error {}

/**
 * Checks a detached CMS signature over `content`: the messageDigest attribute equals SHA-256 of the
 * content and the signer's RSA signature over the signed attributes is valid. Throws CmsError with
 * a reason a person can read; trust in the signer's certificate is checked by the caller.
 */
export function checkCmsSignature(cmsDer: Uint8Array, content: Uint8Array): CmsCheck {
  let root: forge.asn1.Asn1
  try {
    root = asn1.fromDer(forge.util.createBuffer(Buffer.from(cmsDer).toString('binary')), false)
  } catch {
    throw new CmsError('the signature value is not a readable CMS structure')
  }
  const ci = children(root)
  if (oidOf(ci[0]) !== OID.signedData) throw new CmsError('the signature is not CMS SignedData')
  const sd = children(children(ci[1])[0])
  const certificates: string[] = []
  let signerInfos: forge.asn1.Asn1 | undefined
  for (const node of sd.slice(2)) {
    if (node.tagClass === asn1.Class.CONTEXT_SPECIFIC && node.type === 0) {
      for (const c of children(node)) certificates.push(forge.pki.certificateToPem(forge.pki.certificateFromAsn1(c)))
    } else if (node.tagClass === asn1.Class.UNIVERSAL && node.type === asn1.Type.SET) {
      signerInfos = node
    }
  }
  const infos = signerInfos ? children(signerInfos) : []
  if (infos.length !== 1) throw new CmsError(`the signature has ${infos.length} signers; exactly one is expected`)
  const si = children(infos[0])
  const sid = children(si[1])
  const issuerDer = der(sid[0]!)
  const serialHex = forge.util.bytesToHex(String(sid[1]?.value ?? ''))
  const signerCertPem = certificates.find((pem) => {
    const c = forge.pki.certificateFromPem(pem)
    return der(forge.pki.distinguishedNameToAsn1(c.issuer)).equals(issuerDer) && stripZeros(c.serialNumber) === stripZeros(serialHex)
  })
  if (!signerCertPem) throw new CmsError("the signer's certificate is not included in the signature")
  if (oidOf(children(si[2])[0]) !== OID.sha256) throw new CmsError('the signature does not use SHA-256')

  const signedAttrs = si[3]
  if (!signedAttrs || signedAttrs.tagClass !== asn1.Class.CONTEXT_SPECIFIC || signedAttrs.type !== 0) {
    throw new CmsError('the signature has no signed attributes')
  }
  let messageDigest: Buffer | undefined
  let signingTime: Date | undefined
  for (const attr of children(signedAttrs)) {
    const [type, values] = children(attr)
    const value = children(values)[0]
    if (oidOf(type) === OID.messageDigest && value) messageDigest = Buffer.from(String(value.value), 'binary')
    if (oidOf(type) === OID.signingTime && value) signingTime = asn1.utcTimeToDate(String(value.value))
  }
  if (!messageDigest) throw new CmsError('the signature has no message digest attribute')
  const actual = createHash('sha256').update(content).digest()
  if (!actual.equals(messageDigest)) {
    throw new CmsError('the signed bytes were changed after signing (their SHA-256 digest does not match the signed digest)')
  }
  const setDer = der(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, children(signedAttrs)))
  const sigAlg = oidOf(children(si[4])[0])
  if (sigAlg !== OID.rsaEncryption && sigAlg !== OID.sha256WithRSA) throw new CmsError(`unsupported signature algorithm ${sigAlg}`)
  const signatureBytes = Buffer.from(String(si[5]?.value ?? ''), 'binary')
  const publicKey = new X509Certificate(signerCertPem).publicKey
  let ok = false
  try {
    ok = createVerify('sha256').update(setDer).verify(publicKey, signatureBytes)
  } catch {
    ok = false
  }
  if (!ok) throw new CmsError("the signer's RSA signature over the signed attributes is invalid")
  return { signerCertPem, certificatePems: certificates, signingTime }
}

function children(node: forge.asn1.Asn1 | undefined): forge.asn1.Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new CmsError('the signature structure is malformed')
  return node.value as forge.asn1.Asn1[]
}

function oidOf(node: forge.asn1.Asn1 | undefined): string {
  if (!node || node.type !== asn1.Type.OID || typeof node.value !== 'string') throw new CmsError('the signature structure is malformed')
  return asn1.derToOid(forge.util.createBuffer(node.value))
}

function stripZeros(hex: string): string {
  return hex.toLowerCase().replace(/^0+/, '')
}

function der(node: forge.asn1.Asn1): Buffer {
  return Buffer.from(asn1.toDer(node).getBytes(), 'binary')
}

function seq(value: forge.asn1.Asn1[]) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value)
}
function oid(id: string) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes())
}
function int(n: number) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(n).getBytes())
}
function intFromHex(hex: string) {
  let bytes = forge.util.hexToBytes(hex.length % 2 ? `0${hex}` : hex)
  if (bytes.charCodeAt(0) & 0x80) bytes = `\x00${bytes}`
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, bytes)
}
function octets(bytes: Uint8Array) {
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, Buffer.from(bytes).toString('binary'))
}
function algorithm(id: string) {
  return seq([oid(id), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '')])
}
function attribute(type: string, value: forge.asn1.Asn1) {
  return seq([oid(type), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, [value])])
}
/** DER requires SET OF members in ascending order of their encodings. */
function sortSetOf(items: forge.asn1.Asn1[]): forge.asn1.Asn1[] {
  return items
    .map((item) => ({ item, bytes: der(item) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ item }) => item)
}
