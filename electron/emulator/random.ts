/** A small seeded PRNG (sfc32) so a world is the same for the same seed on every machine. */
export class Random {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    this.a = 0x9e3779b9
    this.b = 0x243f6a88
    this.c = 0xb7e15162
    this.d = seed >>> 0
    for (let i = 0; i < 16; i++) this.next()
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0
    this.b >>>= 0
    this.c >>>= 0
    this.d >>>= 0
    const t = (this.a + this.b) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.d = (this.d + 1) | 0
    const result = (t + this.d) | 0
    this.c = (this.c + result) | 0
    return (result >>> 0) / 4294967296
  }

  int(minInclusive: number, maxExclusive: number): number {
    return minInclusive + Math.floor(this.next() * (maxExclusive - minInclusive))
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  digits(count: number): string {
    let out = ''
    for (let i = 0; i < count; i++) out += String(this.int(0, 10))
    return out
  }

  /** A signed 64-bit value, for access hashes and takeout ids. */
  long(): bigint {
    const high = BigInt(Math.floor(this.next() * 2 ** 32))
    const low = BigInt(Math.floor(this.next() * 2 ** 32))
    return BigInt.asIntN(64, (high << 32n) | low)
  }
}
