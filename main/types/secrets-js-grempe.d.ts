// Types for secrets.js-grempe, which ships none: only the calls Custos makes.
declare module 'secrets.js-grempe' {
  interface ShareComponents {
    bits: number
    id: number
    data: string
  }
  const secrets: {
    share(secretHex: string, numShares: number, threshold: number, padLength?: number): string[]
    combine(shares: string[], at?: number): string
    extractShareComponents(share: string): ShareComponents
  }
  export default secrets
}
