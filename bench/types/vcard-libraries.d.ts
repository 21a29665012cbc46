/** The two npm vCard parsers the benchmark compares against ship no types; only what it calls. */

declare module 'vcf' {
  interface VCardProperty {
    valueOf(): string
  }
  class VCard {
    static parse(text: string): VCard[]
    get(name: string): VCardProperty | VCardProperty[] | undefined
  }
  export default VCard
}

declare module 'vcard-parser' {
  const vcardParser: { parse(text: string): Record<string, unknown[] | undefined> }
  export default vcardParser
}
