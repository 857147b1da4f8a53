// Reed-Solomon decoding over GF(256) (QR's polynomial 0x11d, first root α^0) with erasures:
// a codeword known to be unreadable (under a stain) costs one check symbol instead of two,
// so a QR block at level H survives up to 30 of its 30 check symbols as erasures.

const EXP = new Uint8Array(512)
const LOG = new Uint8Array(256)
{
  let x = 1
  for (let i = 0; i < 255; i++) {
    EXP[i] = x
    LOG[x] = i
    x <<= 1
    if (x & 0x100) x ^= 0x11d
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!
}

const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!)
const div = (a: number, b: number): number => (a === 0 ? 0 : EXP[(LOG[a]! + 255 - LOG[b]!) % 255]!)
const pow = (a: number, p: number): number => EXP[(((LOG[a]! * p) % 255) + 255) % 255]!
const inverse = (a: number): number => EXP[255 - LOG[a]!]!

/** Polynomials are arrays of coefficients, highest degree first. */
type Poly = number[]

const scale = (p: Poly, s: number): Poly => p.map((c) => mul(c, s))

function add(p: Poly, q: Poly): Poly {
  const r = new Array<number>(Math.max(p.length, q.length)).fill(0)
  p.forEach((c, i) => (r[i + r.length - p.length] = c))
  q.forEach((c, i) => (r[i + r.length - q.length]! ^= c))
  return r
}

function polyMul(p: Poly, q: Poly): Poly {
  const r = new Array<number>(p.length + q.length - 1).fill(0)
  for (let j = 0; j < q.length; j++) for (let i = 0; i < p.length; i++) r[i + j]! ^= mul(p[i]!, q[j]!)
  return r
}

function evaluate(p: Poly, x: number): number {
  let y = p[0]!
  for (let i = 1; i < p.length; i++) y = mul(y, x) ^ p[i]!
  return y
}

function syndromes(message: number[], nsym: number): number[] {
  const s = [0]
  for (let i = 0; i < nsym; i++) s.push(evaluate(message, pow(2, i)))
  return s
}

function errataLocator(coefficientPositions: number[]): Poly {
  let loc: Poly = [1]
  for (const i of coefficientPositions) loc = polyMul(loc, add([1], [pow(2, i), 0]))
  return loc
}

function errorEvaluator(synd: Poly, loc: Poly, nsym: number): Poly {
  const product = polyMul(synd, loc)
  return product.slice(product.length - (nsym + 1))
}

function correctErrata(message: number[], synd: number[], positions: number[]): number[] {
  const coefficientPositions = positions.map((p) => message.length - 1 - p)
  const loc = errataLocator(coefficientPositions)
  const evaluator = errorEvaluator([...synd].reverse(), loc, loc.length - 1).reverse()
  const x = coefficientPositions.map((c) => pow(2, -(255 - c)))
  const e = new Array<number>(message.length).fill(0)
  x.forEach((xi, i) => {
    const xiInv = inverse(xi)
    let locPrime = 1
    x.forEach((xj, j) => {
      if (j !== i) locPrime = mul(locPrime, 1 ^ mul(xiInv, xj))
    })
    if (locPrime === 0) throw new RangeError('errata locator derivative is zero')
    const y = mul(xi, evaluate([...evaluator].reverse(), xiInv))
    e[positions[i]!] = div(y, locPrime)
  })
  return add(message, e)
}

function forneySyndromes(synd: number[], positions: number[], length: number): number[] {
  const f = synd.slice(1)
  for (const p of positions) {
    const x = pow(2, length - 1 - p)
    for (let j = 0; j < f.length - 1; j++) f[j] = mul(f[j]!, x) ^ f[j + 1]!
  }
  return f
}

function errorLocator(synd: number[], nsym: number, erasures: number): Poly | undefined {
  let loc: Poly = [1]
  let old: Poly = [1]
  for (let i = 0; i < nsym - erasures; i++) {
    const k = i
    let delta = synd[k]!
    for (let j = 1; j < loc.length; j++) delta ^= mul(loc[loc.length - 1 - j]!, synd[k - j]!)
    old = [...old, 0]
    if (delta !== 0) {
      if (old.length > loc.length) {
        const next = scale(old, delta)
        old = scale(loc, inverse(delta))
        loc = next
      }
      loc = add(loc, scale(old, delta))
    }
  }
  while (loc.length > 0 && loc[0] === 0) loc.shift()
  const errors = loc.length - 1
  return errors * 2 + erasures > nsym ? undefined : loc
}

function findErrors(reversedLoc: Poly, length: number): number[] | undefined {
  const errors = reversedLoc.length - 1
  const positions: number[] = []
  for (let i = 0; i < length; i++) if (evaluate(reversedLoc, pow(2, i)) === 0) positions.push(length - 1 - i)
  return positions.length === errors ? positions : undefined
}

/**
 * Corrects one block (data then `nsym` check bytes). `erasures` are indexes known to be
 * unreliable. Returns the data bytes, or undefined when the block cannot be corrected
 * (2 x errors + erasures > nsym, or an inconsistent result).
 */
export function rsDecode(block: ArrayLike<number>, nsym: number, erasures: number[] = []): number[] | undefined {
  if (erasures.length > nsym) return undefined
  const message = Array.from(block)
  for (const e of erasures) message[e] = 0
  let synd = syndromes(message, nsym)
  if (synd.every((s) => s === 0)) return message.slice(0, message.length - nsym)
  try {
    const forney = forneySyndromes(synd, erasures, message.length)
    const loc = errorLocator(forney, nsym, erasures.length)
    if (!loc) return undefined
    const errors = findErrors([...loc].reverse(), message.length)
    if (!errors) return undefined
    const corrected = correctErrata(message, synd, [...erasures, ...errors])
    synd = syndromes(corrected, nsym)
    if (!synd.every((s) => s === 0)) return undefined
    return corrected.slice(0, corrected.length - nsym)
  } catch {
    return undefined
  }
}
