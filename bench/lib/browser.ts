/**
 * The built renderer in Debian's Chromium through the browser bridge, with probes that measure inside the
 * page (performance.now(), the page's own clock): when the contact list's data arrived, when the first rows
 * were painted, each keystroke's way to the screen, scroll frames, and the JS heap (CDP).
 *
 * "Painted" everywhere here means: a requestAnimationFrame callback requested after the DOM change, and then
 * a MessageChannel message posted from it. rAF callbacks run just before the frame's style, layout and paint;
 * the message is delivered after them, so its time is when the frame showing the change was produced on the
 * main thread (raster and compositing then run off the main thread).
 */

import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from '../../test/e2e/harness/browser'
import { KeyTracer, type KeyTrace } from './trace'

export { launchChromium }

/**
 * Builds out/ (renderer, main, the core host) when it is missing or older than a renderer or electron source, so the
 * bench never measures a stale app. run.ts calls it once before any benchmark.
 */
export function ensureRenderer(root: string, log: (m: string) => void): void {
  const outputs = [join(root, 'out/renderer/index.html'), join(root, 'out/main/core-host.js')]
  const newest = (dir: string): number => {
    let max = 0
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
    }
    return max
  }
  const sources = Math.max(newest(join(root, 'renderer')), newest(join(root, 'electron')))
  if (outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= sources)) return
  log('building the app (out/ is missing or older than its sources)')
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'ignore' })
}

/** Bridge messages longer than this are a whole contact list (a few KB per 20 contacts); everything else is small. */
const BIG_MESSAGE_CHARS = 50_000

/**
 * Installed before the app's scripts: timestamps the list's data as it arrives, before the app parses it (the
 * answer to contacts.open, the first screen; or a whole list in one large message, as before streaming), the last
 * chunk of the rest (contacts.page with done), and the first frame with contact rows in it.
 */
const PAGE_PROBE = `(() => {
  const bench = (window.__bench = { listMessages: [], restDoneAt: null, firstRowsAt: null, firstRowsPaintedAt: null, keys: [], longTasks: [] })
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, ms: e.duration })
  }).observe({ type: 'longtask', buffered: true })
  const afterFrame = (cb) => requestAnimationFrame(() => {
    const rafAt = performance.now()
    const channel = new MessageChannel()
    channel.port1.onmessage = () => cb(rafAt, performance.now())
    channel.port2.postMessage(null)
  })
  bench.afterFrame = afterFrame
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (event) => {
        const text = event.data
        if (typeof text !== 'string') return
        const at = performance.now()
        const tail = text.slice(-200)
        if (/"done":(true|false)}}}$/.test(tail)) {
          if (bench.restDoneAt === null && tail.endsWith('"done":true}}}')) bench.restDoneAt = at
        } else if (text.length >= ${BIG_MESSAGE_CHARS} || (text.includes('"snapshot":"') && text.includes('"first":['))) {
          const source = /"source":"(cache|telegram)"/.exec(text.slice(0, 400) + text.slice(-400))
          bench.listMessages.push({ at, chars: text.length, source: source ? source[1] : null })
        }
      })
    }
  }
  const observer = new MutationObserver(() => {
    if (bench.firstRowsAt !== null || !document.querySelector('.contact-list .contact-row')) return
    bench.firstRowsAt = performance.now()
    observer.disconnect()
    afterFrame((_, at) => (bench.firstRowsPaintedAt = at))
  })
  observer.observe(document, { childList: true, subtree: true })
})()`

export interface LoadFigures {
  /** ms from navigation start: the list's data arrived (before the app parsed it), rows in the DOM, rows painted. */
  dataAt: number
  rowsAt: number
  paintedAt: number
  /** The first list message: its size, and whether the core answered from its cache or from Telegram. */
  chars: number
  source: string | null
  /** Main-thread tasks over 50 ms (PerformanceObserver 'longtask') running at any time between dataAt and paintedAt (the first one began before dataAt: it received the message). */
  longTasksMs: number[]
}

export interface RestFigures {
  /** ms from the first screen's data to the last chunk of the rest (null: the whole list came at once). */
  restMs: number | null
  /** Main-thread tasks over 50 ms from the first screen's data to 500 ms after the last chunk. */
  longTasksMs: number[]
}

/** After the list is complete: how long the rest took to arrive and what it cost the page's main thread. */
export async function restFigures(page: Page): Promise<RestFigures> {
  return (await page.evaluate(`(() => {
    const b = window.__bench
    const first = b.listMessages[0]
    if (!first) return { restMs: null, longTasksMs: [] }
    const end = (b.restDoneAt ?? b.firstRowsPaintedAt) + 500
    const longTasksMs = b.longTasks.filter((t) => t.start + t.ms > first.at && t.start < end).map((t) => Math.round(t.ms))
    return { restMs: b.restDoneAt === null ? null : b.restDoneAt - first.at, longTasksMs }
  })()`)) as RestFigures
}

/**
 * Polls a page expression from Node (page.waitForFunction with a string would need eval, which the app's CSP
 * forbids; CDP's Runtime.evaluate is not subject to it).
 */
async function pollPage(page: Page, expression: string, timeoutMs: number, intervalMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${expression}`)
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

export async function newInstrumentedPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 780 }, deviceScaleFactor: 1 })
  await context.addInitScript({ content: PAGE_PROBE })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return { context, page, errors }
}

/** Navigates and waits for the first painted frame with contact rows. */
export async function loadList(page: Page, url: string, timeoutMs: number): Promise<LoadFigures> {
  await page.goto(url)
  await pollPage(page, 'window.__bench.firstRowsPaintedAt !== null', timeoutMs)
  const figures = await page.evaluate(`(() => {
    const b = window.__bench
    const first = b.listMessages[0]
    if (!first) return null
    const longTasksMs = b.longTasks.filter((t) => t.start + t.ms > first.at && t.start < b.firstRowsPaintedAt).map((t) => Math.round(t.ms))
    return { dataAt: first.at, rowsAt: b.firstRowsAt, paintedAt: b.firstRowsPaintedAt, chars: first.chars, source: first.source, longTasksMs }
  })()`)
  if (figures === null) throw new Error('the contact list was painted but no list message was seen on the bridge')
  return figures as LoadFigures
}

/**
 * Waits for the whole list (the rest of it streams after the first screen: the list is aria-busy until then), the
 * refresh from Telegram the app starts after showing the cached list, and for the page to go quiet.
 */
export async function waitRefreshed(page: Page, timeoutMs: number): Promise<void> {
  await pollPage(page, '!document.querySelector(".refreshing") && !document.querySelector(".contact-list[aria-busy=\'true\']")', timeoutMs, 100)
  await page.waitForTimeout(1500)
}

export interface KeyFigures {
  /** keydown to the end of the app's handling (Vue's update of the DOM included). */
  scriptMs: number
  /** The frame that shows it: style, layout and paint on the main thread (rAF to after the frame). */
  frameMs: number
  /** The keystroke's main-thread work: script + frame. */
  workMs: number
  /** keydown to painted, waiting for the next frame included. */
  latencyMs: number
  shown: number
}

/**
 * Types each key with real key events (playwright's keyboard through CDP), one at a time: a keydown capture
 * listener stamps the start; a bubbling input listener on window (after the app's own) waits for the app's
 * microtasks (Vue's DOM update), stamps the script end, then the frame. The next key waits until the last one
 * was painted and the page idled briefly. The same keys are traced (see trace.ts): `trace.workMs` is the
 * main-thread work between keydown and painted as Chromium's own timeline records it.
 */
export async function typeKeys(page: Page, keys: readonly string[], target: 'app' | 'floor' = 'app'): Promise<Array<KeyFigures & { trace: KeyTrace }>> {
  await page.evaluate(`(() => {
    const b = window.__bench
    b.keys = []
    b.keyIndex = 0
    if (!b.typing) {
      b.typing = true
      let keydownAt = null
      window.addEventListener('keydown', () => {
        keydownAt = performance.now()
        performance.mark('key-' + b.keyIndex + '-start')
      }, true)
      window.addEventListener('input', () => {
        const start = keydownAt
        const key = b.keyIndex++
        Promise.resolve().then(() => Promise.resolve()).then(() => {
          const domAt = performance.now()
          b.afterFrame((rafAt, paintedAt) => {
            performance.mark('key-' + key + '-end')
            const shown = document.querySelectorAll('.contact-list .contact-row').length
            b.keys.push({ scriptMs: domAt - start, frameMs: paintedAt - rafAt, workMs: domAt - start + (paintedAt - rafAt), latencyMs: paintedAt - start, shown })
          })
        })
      })
    }
    if (${JSON.stringify(target)} === 'floor') {
      b.floor = ${FLOOR_PAGE}
      b.floor.input.focus()
    } else {
      document.querySelector('input[type="search"][aria-label="Search contacts"]').focus()
    }
  })()`)
  const tracer = await KeyTracer.start(page)
  for (const [i, key] of keys.entries()) {
    await page.keyboard.press(key)
    await pollPage(page, `window.__bench.keys.length >= ${i + 1}`, 30_000, 10)
    await page.waitForTimeout(40)
  }
  const traced = await tracer.stop(keys.length)
  const figures = (await page.evaluate('window.__bench.keys')) as KeyFigures[]
  if (target === 'floor') await page.evaluate('window.__bench.floor.remove()')
  return figures.map((f, i) => ({ ...f, trace: traced[i]! }))
}

/**
 * The floor for a keystroke on this machine, in the same page: a plain input over the list whose every
 * keystroke rewrites the text of 20 rows (what any search must at least do: show the changed first
 * screen), with no search and no framework. What the app spends above it is its own.
 */
const FLOOR_PAGE = `(() => {
  const box = document.createElement('div')
  box.style.cssText = 'position:fixed;inset:0;z-index:9999;background:#fff;font:15px system-ui;overflow:hidden'
  const input = document.createElement('input')
  box.appendChild(input)
  const rows = []
  for (let i = 0; i < 20; i++) {
    const row = document.createElement('div')
    row.style.cssText = 'height:62px;display:flex;align-items:center;gap:12px;padding:0 16px'
    row.textContent = 'row ' + i
    box.appendChild(row)
    rows.push(row)
  }
  input.addEventListener('input', () => {
    for (let i = 0; i < rows.length; i++) rows[i].textContent = input.value + ' ' + i + ' · +49 151 ' + (1000000 + i * 7919)
  })
  document.body.appendChild(box)
  return { input, remove: () => box.remove() }
})()`

export interface FrameFigures {
  /** rAF timestamp to the previous frame's: 16.7 ms at 60 Hz when nothing is dropped. */
  intervalMs: number | null
  /** From the frame's scroll event (before the app's handler) to after the frame was produced. */
  workMs: number | null
}

/** Scrolls the list by `step` px in each of `frames` animation frames, recording each frame. */
export async function scrollFrames(page: Page, frames: number, step: number): Promise<FrameFigures[]> {
  return (await page.evaluate(`new Promise((resolve) => {
    const list = document.querySelector('.contact-list')
    const out = []
    let scrollAt = null
    const onScroll = () => { if (scrollAt === null) scrollAt = performance.now() }
    document.addEventListener('scroll', onScroll, { capture: true, passive: true })
    let last = null
    const frame = (ts) => {
      const started = scrollAt
      scrollAt = null
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        out.push({ intervalMs: last === null ? null : ts - last, workMs: started === null ? null : performance.now() - started })
        last = ts
        if (out.length >= ${frames}) {
          document.removeEventListener('scroll', onScroll, { capture: true })
          resolve(out)
        }
      }
      channel.port2.postMessage(null)
      if (out.length + 1 < ${frames}) {
        list.scrollTop += ${step}
        requestAnimationFrame(frame)
      }
    }
    requestAnimationFrame(frame)
  })`)) as FrameFigures[]
}

/** The page's JS heap after a full GC, from CDP (Performance.getMetrics), and its DOM node count. */
export async function heapMetrics(page: Page): Promise<{ usedMB: number; totalMB: number; nodes: number }> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('Performance.enable')
  const { metrics } = await cdp.send('Performance.getMetrics')
  await cdp.detach()
  const get = (name: string): number => metrics.find((m) => m.name === name)?.value ?? Number.NaN
  return { usedMB: get('JSHeapUsedSize') / 2 ** 20, totalMB: get('JSHeapTotalSize') / 2 ** 20, nodes: get('Nodes') }
}
