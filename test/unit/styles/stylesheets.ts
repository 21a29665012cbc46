import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

export const rendererSrc = join(import.meta.dirname, '../../../renderer/src')
export const tokensFile = join(rendererSrc, 'styles/tokens.css')

export interface Rule {
  file: string
  selector: string
  declarations: Map<string, string>
}

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '')
}

function withoutKeyframes(css: string): string {
  let out = ''
  let at = 0
  for (let start = css.indexOf('@keyframes'); start !== -1; start = css.indexOf('@keyframes', at)) {
    out += css.slice(at, start)
    let depth = 0
    let j = css.indexOf('{', start)
    do {
      if (css[j] === '{') depth++
      else if (css[j] === '}') depth--
      j++
    } while (depth > 0 && j < css.length)
    at = j
  }
  return out + css.slice(at)
}

/** Rules of a stylesheet, with @media / @supports groups flattened into their rules (keyframes left out). */
export function parseRules(css: string, file: string): Rule[] {
  const text = withoutKeyframes(stripComments(css))
  const rules: Rule[] = []
  let i = 0
  while (i < text.length) {
    const open = text.indexOf('{', i)
    const close = text.indexOf('}', i)
    if (open === -1) break
    if (close !== -1 && close < open) {
      i = close + 1 // the end of an @media group
      continue
    }
    // A statement such as @import ends with ";" before the next selector.
    const selector = text.slice(i, open).split(';').at(-1)!.trim()
    if (selector.startsWith('@')) {
      i = open + 1 // into the group: its rules follow
      continue
    }
    const end = text.indexOf('}', open)
    const declarations = new Map<string, string>()
    for (const part of text.slice(open + 1, end).split(';')) {
      const colon = part.indexOf(':')
      if (colon !== -1) declarations.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim())
    }
    rules.push({ file, selector, declarations })
    i = end + 1
  }
  return rules
}

function filesUnder(dir: string, ends: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => ends.some((end) => name.endsWith(end)))
    .map((name) => join(dir, name))
}

/** Every stylesheet of the renderer except the tokens: the .css files and each .vue file's <style> blocks. */
export function componentStylesheets(): { file: string; css: string }[] {
  const sheets: { file: string; css: string }[] = []
  for (const path of filesUnder(rendererSrc, ['.css', '.vue'])) {
    if (path === tokensFile) continue
    const source = readFileSync(path, 'utf8')
    const file = relative(rendererSrc, path)
    if (path.endsWith('.css')) sheets.push({ file, css: source })
    else for (const match of source.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) sheets.push({ file, css: match[1] ?? '' })
  }
  return sheets
}

/** The token values per theme: the first `:root` block is light, the `:root` inside `prefers-color-scheme: dark` overrides it. */
export function readTokens(): { light: Map<string, string>; dark: Map<string, string> } {
  const css = stripComments(readFileSync(tokensFile, 'utf8'))
  const darkAt = css.indexOf('@media (prefers-color-scheme: dark)')
  if (darkAt === -1) throw new Error('tokens.css has no dark block')
  const read = (text: string) => new Map([...text.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]))
  const light = read(css.slice(0, darkAt))
  const dark = new Map([...light, ...read(css.slice(darkAt))])
  return { light, dark }
}

/** `var(--name)` → `--name`; anything else → null. */
export function tokenOf(value: string | undefined): string | null {
  const match = value ? /^var\((--[\w-]+)\)$/.exec(value.trim()) : null
  return match ? match[1]! : null
}
