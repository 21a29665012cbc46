import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { productionLibraries } from '../../../build/third-party-licenses'

const root = join(import.meta.dirname, '../../..')

/**
 * TG Contacts is MIT and its installers carry every production dependency: each must allow that. A library under a
 * licence not listed here (GPL above all: GramJS pulled in @cryptography/aes, GPL-3.0-or-later, until package.json's
 * overrides replaced it) fails this test until someone has read that licence and added it.
 */
const PERMISSIVE = new Set(['MIT', 'ISC', '0BSD', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'Unlicense', 'BlueOak-1.0.0', '(MIT OR WTFPL)', '(MIT AND Zlib)', '(BSD-2-Clause OR MIT OR Apache-2.0)'])

describe('the libraries the app ships', () => {
  it('are all under licences that let an MIT app ship them', () => {
    const libraries = productionLibraries(root)
    expect(libraries.map((l) => l.name)).toContain('telegram')
    expect(libraries.filter((l) => !PERMISSIVE.has(l.license)).map((l) => `${l.name}@${l.version}: ${l.license}`)).toEqual([])
  })
})
