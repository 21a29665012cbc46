/** Option handling shared by the standalone emulator (cli.ts) and demo mode (test/demo/demo.ts). */

/** An integer option within [min, max], or undefined when absent; anything else throws a message for the user. */
export function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${value}"`)
  return n
}

/**
 * The parsed options, or null after --help (usage printed on stdout). Bad options print the reason and the usage on
 * stderr and exit with status 2, so stdout keeps only what the program promises (one JSON line).
 */
export function optionsOrExit<T>(program: string, help: string, parse: (argv: string[]) => T | 'help'): T | null {
  let options: T | 'help'
  try {
    options = parse(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${program}: ${(error as Error).message}\n${help}\n`)
    process.exit(2)
  }
  if (options === 'help') {
    process.stdout.write(`${help}\n`)
    return null
  }
  return options
}
