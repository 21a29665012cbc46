import { describe, expect, it } from 'vitest'
import { componentStylesheets, parseRules, readTokens, tokenOf, type Rule } from './stylesheets'

/**
 * Which text token is drawn on which surface token, and which control parts sit on which surface. This is the
 * declared list the contrast check runs over; the tests below hold it to the stylesheets (every colour a rule
 * uses is declared here, every colour+background a rule sets together is a declared pair), and axe-core in the
 * e2e tier checks what is actually rendered.
 */
const TEXT_ON: Record<string, string[]> = {
  '--fg': ['--bg', '--bg-app', '--bg-sidebar', '--bg-hover', '--bg-input', '--accent-soft'],
  '--fg-muted': ['--bg', '--bg-app', '--bg-sidebar', '--bg-hover', '--bg-input', '--accent-soft'],
  '--fg-faint': ['--bg', '--bg-app', '--bg-sidebar', '--bg-hover', '--accent-soft'],
  '--accent-text': ['--bg', '--bg-app', '--bg-sidebar', '--bg-hover', '--bg-input', '--accent-soft'],
  '--fg-selected': ['--bg-selected'],
  '--fg-selected-muted': ['--bg-selected'],
  '--accent-fg': ['--accent', '--accent-hover'],
  '--danger': ['--bg', '--bg-app', '--danger-soft'],
  '--danger-fill-fg': ['--danger-fill'],
  '--warning': ['--bg', '--warning-soft'],
  '--success': ['--bg', '--bg-app', '--success-soft'],
  '--match-fg': ['--match-bg'],
  '--toast-fg': ['--toast-bg', '--toast-hover', '--toast-error-bg'],
  '--toast-fg-muted': ['--toast-bg', '--toast-hover'],
  '--toast-action': ['--toast-bg', '--toast-hover'],
}

/** Parts of controls and focus indicators (WCAG 1.4.11, 2.4.13): 3:1 against what is next to them. */
const UI_ON: Record<string, string[]> = {
  '--border-control': ['--bg', '--bg-app'],
  '--focus-ring': ['--bg', '--bg-app', '--bg-sidebar', '--bg-hover'],
  '--accent': ['--bg', '--bg-app', '--bg-hover'],
  '--danger-fill': ['--bg'],
}

/** Colour tokens used as text with no contrast requirement, and why. */
const EXEMPT_TEXT: Record<string, string> = {
  '--avatar-fg': 'avatar initials repeat the name shown beside them (decoration, WCAG 1.4.3 "incidental"); the avatar is aria-hidden',
}

/** Backgrounds that never carry text of their own (the online dot repeats the status text beside it). */
const NON_TEXT_SURFACES = ['--overlay', '--online', '--avatar-0', '--avatar-1', '--avatar-2', '--avatar-3', '--avatar-4', '--avatar-5', '--avatar-6']

const TEXT_MIN = 4.5
const UI_MIN = 3

function channels(hex: string): [number, number, number] {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex)
  if (!match) throw new Error(`not a hex colour: ${hex}`)
  const digits = match[1]!.length === 3 ? [...match[1]!].map((d) => d + d).join('') : match[1]!
  return [0, 2, 4].map((at) => parseInt(digits.slice(at, at + 2), 16)) as [number, number, number]
}

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((v) => {
    const c = v / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

const tokens = readTokens()
const rules: Rule[] = componentStylesheets().flatMap(({ file, css }) => parseRules(css, file))
const colourProps = ['color', 'background', 'background-color', 'border', 'border-color', 'border-top-color', 'border-left', 'border-right', 'border-top', 'border-bottom', 'outline', 'outline-color', 'box-shadow', 'accent-color', 'fill', 'stroke', 'caret-color', 'text-decoration-color']

function pairsFailing(table: Record<string, string[]>, min: number): string[] {
  const failures: string[] = []
  for (const [theme, values] of Object.entries(tokens)) {
    for (const [fg, surfaces] of Object.entries(table)) {
      for (const bg of surfaces) {
        const ratio = contrast(values.get(fg)!, values.get(bg)!)
        if (ratio < min) failures.push(`${theme}: ${fg} on ${bg} is ${ratio.toFixed(2)}:1 (needs ${min}:1)`)
      }
    }
  }
  return failures
}

describe('design tokens', () => {
  it('computes WCAG contrast ratios (reference values)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5)
    // The measurement: #9aa4ae on white.
    expect(contrast('#9aa4ae', '#ffffff')).toBeCloseTo(2.53, 2)
    expect(contrast('#777', '#fff')).toBeCloseTo(4.48, 2)
  })

  it('defines every declared token in both themes, as a hex colour', () => {
    const names = new Set([...Object.entries({ ...TEXT_ON, ...UI_ON }).flatMap(([fg, bgs]) => [fg, ...bgs])])
    for (const values of [tokens.light, tokens.dark]) {
      for (const name of names) expect(values.get(name), name).toMatch(/^#[0-9a-f]{3,6}$/i)
    }
  })

  it('gives every text/background pair at least 4.5:1, in light and in dark', () => {
    expect(pairsFailing(TEXT_ON, TEXT_MIN)).toEqual([])
  })

  it('gives control outlines, fills and the focus ring at least 3:1 against their surface', () => {
    expect(pairsFailing(UI_ON, UI_MIN)).toEqual([])
  })
})

describe('stylesheets use colours only through the tokens', () => {
  it('writes no literal colour outside tokens.css', () => {
    const literal = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|\b(white|black|red|green|blue|gray|grey|silver|orange|yellow)\b/i
    const found = rules.flatMap((rule) =>
      [...rule.declarations]
        .filter(([prop, value]) => colourProps.includes(prop) && literal.test(value.replace(/var\([^)]*\)/g, '')))
        .map(([prop, value]) => `${rule.file} ${rule.selector} { ${prop}: ${value} }`),
    )
    expect(found).toEqual([])
  })

  it('declares a contrast context for every text colour a rule uses', () => {
    const used = new Set(rules.map((rule) => tokenOf(rule.declarations.get('color'))).filter((t): t is string => t !== null))
    const undeclared = [...used].filter((token) => !(token in TEXT_ON) && !(token in EXEMPT_TEXT))
    expect(undeclared).toEqual([])
  })

  it('declares every colour + background that one rule sets together', () => {
    const missing = rules.flatMap((rule) => {
      const fg = tokenOf(rule.declarations.get('color'))
      const bg = tokenOf(rule.declarations.get('background') ?? rule.declarations.get('background-color'))
      if (!fg || !bg || fg in EXEMPT_TEXT) return []
      return TEXT_ON[fg]?.includes(bg) ? [] : [`${rule.file} ${rule.selector}: ${fg} on ${bg}`]
    })
    expect(missing).toEqual([])
  })

  it('uses as a background only surfaces the contrast list knows', () => {
    const surfaces = new Set([...Object.values(TEXT_ON).flat(), ...Object.values(UI_ON).flat(), ...NON_TEXT_SURFACES])
    const unknown = rules.flatMap((rule) => {
      const bg = tokenOf(rule.declarations.get('background') ?? rule.declarations.get('background-color'))
      return bg && !surfaces.has(bg) ? [`${rule.file} ${rule.selector}: ${bg}`] : []
    })
    expect(unknown).toEqual([])
  })

  it('keeps the declared list honest: every declared text colour is used by some rule', () => {
    const used = new Set(rules.flatMap((rule) => [...rule.declarations.values()].map(tokenOf)))
    expect(Object.keys(TEXT_ON).filter((token) => !used.has(token))).toEqual([])
  })
})
