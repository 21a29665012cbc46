import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { calendarDayOf, daysUntilBirthday, type Contact, type ContactList, type MethodOutput, type Person, type PersonDetails } from '@contract'
import { useApi } from './api'
import { useSessionStore } from './session'
import { useBirthdaysStore } from './birthdays'
import { useDeletesStore } from './deletes'
import { compileQuery, FirstCharacters, ListSearch, matches, normalise, searchKeysOf, type SearchBudget, type SearchKeys, type SearchRun } from '../lib/search'
import { contactName, lastSeenKey, plural } from '../lib/format'
import { countryFromLocale, countryOfNumber } from '../lib/phone'
import { ContactView, rowTextOf, type RowText } from '../lib/contact-view'
import { errorCode, humanError } from '../lib/errors'
import { afterPaint, nextTask } from '../lib/after-paint'

/**
 * One contact as the list holds it. Entries are plain (non-reactive) objects: 100,000 of them behind
 * Vue proxies would cost memory and time. Changes are announced by bumping `revision`. Everything
 * derived from the contact is computed on first use, so a list of 100,000 is taken in at once.
 */
export class Entry {
  contact: Contact
  /** The name folded for sorting: filled in by the first full sort (see nameSortOf). */
  nameSort: string | null = null
  /** Search key and phone digits: built in idle time after the list is shown, not at load (see keysOf). */
  keys: SearchKeys | null = null
  /** Its key in the current order (descending), as of when it was last placed: merges read it instead of recomputing. */
  orderKey = 0
  /** Its place in the shown list, set when a status re-sort re-ranks the search lists (see moveByStatus). */
  rank = 0
  private shownName: string | null = null
  private rowText: RowText | null = null
  private shown: ContactView | null = null

  constructor(contact: Contact) {
    this.contact = contact
  }

  get name(): string {
    if (this.shownName === null) this.shownName = contactName(this.contact)
    return this.shownName
  }

  /** What its row shows, formatted once; a new view whenever `contact` is replaced (a status), so rows re-render exactly then. */
  get view(): ContactView {
    if (this.shown?.contact !== this.contact) {
      this.rowText ??= rowTextOf(this.contact, this.name)
      this.shown = new ContactView(this.contact, this.rowText, () => keysOf(this))
    }
    return this.shown
  }
}

export type SortMode = 'lastSeen' | 'name' | 'birthday'

export const GLOBAL_SEARCH_DELAY_MS = 600
/** Telegram Desktop re-sorts by online status at most every 3 s. */
const STATUS_RESORT_MS = 3000
const DETAILS_DELAY_MS = 200

function toEntry(contact: Contact): Entry {
  return new Entry(contact)
}

function nameSortOf(entry: Entry): string {
  if (entry.nameSort === null) entry.nameSort = normalise(entry.name)
  return entry.nameSort
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Rows the core sends first, in list order: more than the tallest window shows. */
const FIRST_ROWS = 60
/**
 * The rest of the list comes in chunks this large, each folded in within a frame or so: receiving a chunk (JSON) and
 * folding it in (sort, merge into 100,000) are tasks of their own, each well under 50 ms at this size.
 */
const PAGE_ROWS = 2500
/** Background preparation works in slices this long, so frames keep coming. */
const SLICE_MS = 8
/** A list that came from Telegram this recently is not refreshed again at once. */
const FRESH_MS = 30_000

/** Whether `x` comes before `y` in list order: order keys descending, then folded names (both set when placed). */
function before(x: Entry, y: Entry): boolean {
  return x.orderKey > y.orderKey || (x.orderKey === y.orderKey && (x.nameSort as string) < (y.nameSort as string))
}

/** Two lists in list order as one (stable: ties keep `a` first); a few ms for 100,000 entries. */
function mergeSorted(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  const out = new Array<Entry>(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) out[k++] = before(b[j]!, a[i]!) ? b[j++]! : a[i++]!
  while (i < a.length) out[k++] = a[i++]!
  while (j < b.length) out[k++] = b[j++]!
  return out
}

const rankOf = (entry: Entry): number => entry.rank

/** Fills in an entry's search key and digits on first need. */
function keysOf(entry: Entry): SearchKeys {
  if (entry.keys === null) entry.keys = searchKeysOf(entry.contact)
  return entry.keys
}

/**
 * What one keystroke may spend searching: enough matches for the first screen (the tallest window shows
 * fewer than 40 rows), all of them when that takes under 1 ms, never more than 3 ms. The rest is
 * collected in slices after the frame is painted.
 */
const KEYSTROKE: SearchBudget = { rows: 40, softMs: 1, hardMs: 3 }
/** Collecting the rest of the matches: slices this long, the list updated at least this often. */
const COLLECT_SLICE_MS = 4
const COLLECT_SHOW_EVERY_MS = 250

/** Whether a pushed contact changes what the list shows or searches (not its status). */
function sameText(a: Contact, b: Contact): boolean {
  return a.firstName === b.firstName && a.lastName === b.lastName && a.username === b.username && a.phone === b.phone
}

export const useContactsStore = defineStore('contacts', () => {
  const api = useApi()
  const birthdays = useBirthdaysStore()
  const session = useSessionStore()

  const byId = new Map<string, Entry>()
  /** Contacts whose delete waits for Undo in the core: hidden, not yet sent. */
  const deletes = useDeletesStore()
  const pendingDelete = (): ReadonlySet<string> => deletes.hiddenContacts
  /** Hidden contacts that are in the list. */
  const hiddenCount = (): number => {
    let n = 0
    for (const id of pendingDelete()) if (byId.has(id)) n++
    return n
  }

  /** The list in display order: a plain array of plain entries behind a shallow ref (Vue never walks it). */
  const sorted = shallowRef<readonly Entry[]>([])
  /** The rest of the list is still coming from the core, chunk by chunk; `sorted` holds what came so far. */
  const partial = ref(false)
  /** How many contacts the list has, while it is still coming. */
  const expected = ref(0)
  /** Bumped whenever an entry's content changes (status, name): rows re-render from it. */
  const revision = ref(0)
  const sortMode = ref<SortMode>('lastSeen')
  const query = ref('')
  const savedCount = ref(0)
  const source = ref<ContactList['source'] | null>(null)
  const updatedAt = ref<number | null>(null)
  const loaded = ref(false)
  const refreshing = ref(false)
  const loadError = ref<string | null>(null)

  const selection = shallowRef<ReadonlySet<string>>(new Set())
  const anchorId = ref<string | null>(null)
  const activeId = ref<string | null>(null)

  const details = shallowRef<PersonDetails | null>(null)
  const detailsLoading = ref(false)
  const detailsError = ref<string | null>(null)

  const globalPeople = shallowRef<Person[]>([])
  const globalLoading = ref(false)
  const globalError = ref<string | null>(null)
  /** The query the global results belong to. */
  const globalQuery = ref('')

  // ---- sorting and filtering ------------------------------------------------------------------

  /** The sort key of the current order, descending: by birthday the soonest first (unknown last), by name all equal. */
  function sortKey(now: number): (e: Entry) => number {
    const mode = sortMode.value
    if (mode === 'lastSeen') return (e) => lastSeenKey(e.contact.status, now)
    if (mode === 'name') return () => 0
    const known = birthdays.known
    const today = calendarDayOf(new Date(now))
    return (e) => {
      const birthday = known.get(e.contact.id)
      return birthday ? -daysUntilBirthday(birthday, today) : -1000
    }
  }

  /** Gives each entry its order key (and folded name) in the current order, now. */
  function placeAll(entries: readonly Entry[], now: number): void {
    const keyOf = sortKey(now)
    for (const e of entries) {
      e.orderKey = keyOf(e)
      nameSortOf(e)
    }
  }

  /** Entries in the current order; keyed once, so the comparator only reads. */
  function inOrder(entries: readonly Entry[], now: number): Entry[] {
    placeAll(entries, now)
    return [...entries].sort((a, b) => b.orderKey - a.orderKey || byText(a.nameSort as string, b.nameSort as string))
  }

  /** Every entry the list holds, sorted again (a new sort order, many changes at once). */
  function resort(): void {
    const list: Entry[] = []
    const hidden = pendingDelete()
    for (const entry of byId.values()) if (!hidden.has(entry.contact.id)) list.push(entry)
    sorted.value = inOrder(list, Date.now())
  }

  /**
   * Takes the entries with these ids out of the shown list and puts `entries` where they belong: binary-search
   * inserts, not a sort of 100,000 for a handful of changes. Entries already in the list (a status moved them) keep
   * the searches, re-ranked; new entries (an upsert) start them afresh.
   */
  function reposition(ids: ReadonlySet<string>, entries: readonly Entry[], moved = false): void {
    const hidden = pendingDelete()
    const live = entries.filter((e) => byId.get(e.contact.id) === e && !hidden.has(e.contact.id))
    if (live.length * 20 > sorted.value.length && !partial.value) return resort()
    placeAll(live, Date.now())
    const old = sorted.value
    const list = old.filter((e) => !ids.has(e.contact.id))
    for (const e of live) {
      let lo = 0
      let hi = list.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (before(e, list[mid]!)) hi = mid
        else lo = mid + 1
      }
      list.splice(lo, 0, e)
    }
    if (moved && list.length === old.length) rerankSearch(old, list, new Set(live))
    sorted.value = list
  }

  let statusTimer: ReturnType<typeof setTimeout> | null = null
  const statusMoved = new Set<Entry>()

  function queueStatusResort(changed: Iterable<Entry>): void {
    if (sortMode.value !== 'lastSeen') return
    for (const e of changed) statusMoved.add(e)
    if (statusTimer) return
    statusTimer = setTimeout(() => {
      statusTimer = null
      moveByStatus()
    }, STATUS_RESORT_MS)
  }

  /** Puts the contacts whose status changed where they now belong (after the whole list came). */
  function moveByStatus(): void {
    if (partial.value) return
    const moved = [...statusMoved]
    statusMoved.clear()
    if (moved.length > 0) reposition(new Set(moved.map((e) => e.contact.id)), moved, true)
  }

  /**
   * A status re-sort moved a few contacts: the first-character lists and the finished searches follow them (re-ranked),
   * instead of being built again for the new list (about 0.8 s of CPU at 100,000 contacts, every 3 s while statuses
   * stream in) and the search for what is typed starting over.
   */
  function rerankSearch(old: readonly Entry[], list: readonly Entry[], moved: ReadonlySet<Entry>): void {
    for (let i = 0; i < list.length; i++) list[i]!.rank = i
    if (search?.base !== old || !search.rerank(list, moved, rankOf)) search = null
    // Not re-ranked with the search (which re-ranks the lists it uses): an unfinished build starts again.
    if (firsts?.base === old && !firsts.rerank(list, moved, rankOf, keysOf)) firsts = null
  }

  watch(sortMode, resort)
  // Birthdays arrive while the list is shown (a background scan): the Birthday sort follows them.
  watch(
    () => birthdays.version,
    () => {
      if (sortMode.value === 'birthday') resort()
    },
  )

  /** The list searched: the sorted list (while the list is still coming, what came so far). */
  function searchBase(): readonly Entry[] {
    return sorted.value
  }

  /** National numbers ("0151…") are read in the signed-in account's country. */
  const country = computed(() => countryOfNumber(session.user?.phone) ?? countryFromLocale(typeof navigator === 'undefined' ? undefined : navigator.language))
  /** The search box's query, compiled once per keystroke: rows highlight what it matched. */
  const searchQuery = computed(() => compileQuery(query.value, { country: country.value }))

  /**
   * The shown list by first character, filled in idle time after each sort (the search keys with it), so
   * the first letter typed is a lookup. Searches start without it until it is complete.
   */
  let firsts: FirstCharacters<Entry> | null = null
  function prepareFirstCharacters(): FirstCharacters<Entry> | null {
    if (partial.value) return null
    const base = sorted.value
    if (firsts?.base === base) return firsts
    const building = new FirstCharacters(base)
    firsts = building
    const slice = () => {
      if (firsts !== building) return
      const until = performance.now() + SLICE_MS
      while (performance.now() < until) if (building.addNext(256, keysOf)) return warmFirstScreens(building)
      setTimeout(slice, 0)
    }
    setTimeout(slice, 0)
    return building
  }

  /**
   * Once the first-character lists are built, in idle slices: the row text (formatted phone, initials) of each one's
   * first screen, and the reading of national numbers, so the first letter or digit typed renders rows formatted
   * already and is not libphonenumber's first reading of the country's numbers (its first few readings in a page take
   * 1-5 ms each, later ones a tenth of that).
   */
  function warmFirstScreens(built: FirstCharacters<Entry>): void {
    for (const typed of ['0', '00', '01', '4', '49', '0151', '1234567']) compileQuery(typed, { country: country.value })
    const heads = [...built.heads(KEYSTROKE.rows)]
    let next = 0
    const slice = () => {
      if (firsts !== built) return
      const until = performance.now() + SLICE_MS
      while (next < heads.length && performance.now() < until) void heads[next++]!.view
      if (next < heads.length) setTimeout(slice, 0)
    }
    setTimeout(slice, 0)
  }

  /** Search state for the current list; a re-sorted list starts afresh. */
  let search: ListSearch<Entry> | null = null
  function listSearch(): ListSearch<Entry> {
    const base = searchBase()
    if (search && search.base === base) return search
    search = new ListSearch(base, keysOf, prepareFirstCharacters())
    return search
  }

  /** Bumped when more matches of the current query were collected after its keystroke. */
  const collected = ref(0)
  let shownMatches = 0
  let shownAt = 0

  /**
   * Each query's collecting starts after its keystroke's frame is painted: a slice queued earlier (the previous
   * query's, still going) would otherwise run before that frame, and one that finishes the run renders the list
   * again, so the first screen would reach the screen a slice or two later. Later slices run between frames.
   */
  let collecting: SearchRun<Entry> | null = null
  let collectToken = 0
  function collectRest(run: SearchRun<Entry> | null): void {
    if (run === collecting) return
    collecting = run
    const token = ++collectToken
    if (run) void afterPaint().then(() => collectSlice(token))
  }
  function collectSlice(token: number): void {
    if (token !== collectToken) return
    const run = search?.advance(COLLECT_SLICE_MS)
    if (!run) {
      collecting = null
      return
    }
    // The first screen as soon as it fills; the count and scroll range when done or now and then.
    const now = performance.now()
    if (run.done || (shownMatches < KEYSTROKE.rows && run.found.length > shownMatches) || now - shownAt > COLLECT_SHOW_EVERY_MS) collected.value++
    if (run.done) collecting = null
    else setTimeout(() => collectSlice(token), 0)
  }

  /**
   * The contacts shown: the sorted list filtered by the search box. A keystroke finds the first screen
   * of matches (see KEYSTROKE) and the rest follow in slices; earlier queries' searches are kept, so
   * Backspace is a lookup and typing more looks only at what was matched before (see ListSearch).
   */
  const visible = computed<readonly Entry[]>(() => {
    void collected.value
    const q = searchQuery.value
    if (q.empty) {
      collectRest(null)
      return sorted.value
    }
    const run = listSearch().find(q, KEYSTROKE)
    shownMatches = run.found.length
    shownAt = performance.now()
    if (run.done) {
      collectRest(null)
      return run.found
    }
    // Collecting goes on after this frame; a copy, so that the list updates when more arrive.
    collectRest(run)
    return run.found.slice()
  })

  // The first-character lists for the new order, in idle time.
  watch(sorted, () => void prepareFirstCharacters())

  const total = computed(() => (partial.value ? Math.max(expected.value, byId.size) - hiddenCount() : sorted.value.length))

  // ---- loading ---------------------------------------------------------------------------------

  /** The core's revision of the list shown (see contacts.open), and the newest one an event announced. */
  let listRevision = -1
  let announced = -1
  /** Bumped by every open: the chunks of an older one are dropped. */
  let listToken = 0
  /** Removed (by an event) while the list was still coming: a later chunk must not bring them back. */
  const removedMeanwhile = new Set<string>()
  let opening = false

  function applyMeta(meta: Pick<ContactList, 'savedCount' | 'source' | 'updatedAt'>): void {
    savedCount.value = meta.savedCount
    source.value = meta.source
    updatedAt.value = meta.updatedAt
  }

  /** A contact as an entry; a refresh mostly brings the same people, whose entries (and folded names) are kept. */
  function entryOf(c: Contact, previous: ReadonlyMap<string, Entry>): Entry {
    const known = previous.get(c.id)
    if (known && sameText(known.contact, c)) {
      known.contact = c
      return known
    }
    return toEntry(c)
  }

  /**
   * The list, first screen first: contacts.open brings the first rows in list order (painted at once) and names a
   * snapshot; its chunks follow one by one (contacts.page), each sorted and merged into the shown list in a task
   * of its own after a painted frame, so scrolling and typing go on while 100,000 contacts arrive.
   */
  async function open(hiddenKnown?: Promise<void>): Promise<void> {
    const token = ++listToken
    opening = true
    let answer: MethodOutput<'contacts.open'>
    try {
      answer = await api.call('contacts.open', { sort: sortMode.value === 'lastSeen' ? 'lastSeen' : 'name', firstRows: FIRST_ROWS })
    } finally {
      if (token === listToken) opening = false
    }
    // The deletes still waiting in the core (also from before a reload) are hidden before the first rows show.
    await hiddenKnown
    if (token !== listToken) return
    const previous = new Map(byId)
    byId.clear()
    removedMeanwhile.clear()
    for (const c of answer.first) byId.set(c.id, entryOf(c, previous))
    applyMeta(answer)
    listRevision = answer.revision
    expected.value = answer.total
    loaded.value = true
    partial.value = answer.total > answer.first.length
    const hidden = pendingDelete()
    sorted.value = inOrder([...byId.values()].filter((e) => !hidden.has(e.contact.id)), Date.now())
    revision.value++
    if (partial.value) await receiveRest(token, answer.snapshot, previous)
    if (token !== listToken) return
    if (announced > listRevision) void open()
  }

  async function receiveRest(token: number, snapshot: string, previous: ReadonlyMap<string, Entry>): Promise<void> {
    for (let offset = 0; ; offset += PAGE_ROWS) {
      await afterPaint()
      if (token !== listToken) return
      const page = await api.call('contacts.page', { snapshot, offset, limit: PAGE_ROWS })
      // Not in the task that received the chunk: together they held the page for 40-60 ms per chunk at 100,000.
      await nextTask()
      if (token !== listToken) return
      const fresh: Entry[] = []
      for (const c of page.contacts) {
        // Already here: in the first screen, or newer by an event meanwhile.
        if (byId.has(c.id) || removedMeanwhile.has(c.id)) continue
        const entry = entryOf(c, previous)
        byId.set(c.id, entry)
        if (!pendingDelete().has(c.id)) fresh.push(entry)
      }
      sorted.value = mergeSorted(sorted.value, inOrder(fresh, Date.now()))
      if (page.done) break
    }
    partial.value = false
    revision.value++
    moveByStatus()
  }

  /** The cached list at once, then a refresh from Telegram (unless the list just came from there). */
  async function load(): Promise<void> {
    loadError.value = null
    try {
      await open(deletes.load())
    } catch (e) {
      loadError.value = humanError(e)
      partial.value = false
    }
    if (source.value === 'telegram' && updatedAt.value !== null && Date.now() - updatedAt.value < FRESH_MS) return
    await refresh()
  }

  /** Telegram is asked (getContacts with the hash, getStatuses); statuses come as events, a changed list is opened again. */
  async function refresh(): Promise<void> {
    refreshing.value = true
    try {
      const result = await api.call('contacts.sync', { revision: listRevision })
      applyMeta(result)
      if (result.changed) await open()
      loadError.value = null
    } catch (e) {
      loadError.value = humanError(e)
      partial.value = false
    } finally {
      refreshing.value = false
    }
  }

  /** contacts.reloaded: the list changed elsewhere (a reset, an import); opened again unless that is under way. */
  function reloaded(revisionNow: number): void {
    announced = Math.max(announced, revisionNow)
    if (opening || refreshing.value || revisionNow <= listRevision) return
    void open().catch((e: unknown) => (loadError.value = humanError(e)))
  }

  function upsert(contacts: readonly Contact[]): void {
    const entries = contacts.map((c) => {
      const entry = toEntry(c)
      byId.set(c.id, entry)
      removedMeanwhile.delete(c.id)
      return entry
    })
    if (details.value && contacts.some((c) => c.id === details.value?.id)) void loadDetails(details.value.id)
    revision.value++
    // At once: the shown list must never hold an entry that was replaced.
    reposition(new Set(contacts.map((c) => c.id)), entries)
  }

  function remove(ids: readonly string[]): void {
    for (const id of ids) {
      byId.delete(id)
      if (partial.value) removedMeanwhile.add(id)
    }
    dropFromSelection(ids)
    revision.value++
    const gone = new Set(ids)
    sorted.value = sorted.value.filter((e) => !gone.has(e.contact.id))
  }

  const unsubscribers: Array<() => void> = []
  let listening = false
  function listen(): void {
    if (listening) return
    listening = true
    deletes.listen()
    unsubscribers.push(
      api.on('contacts.upserted', (p) => upsert(p.contacts)),
      api.on('contacts.removed', (p) => remove(p.ids)),
      api.on('contacts.reloaded', (p) => reloaded(p.revision)),
      api.on('statuses.changed', (p) => {
        const changed: Entry[] = []
        for (const { id, status } of p.statuses) {
          const entry = byId.get(id)
          if (!entry) continue
          entry.contact = { ...entry.contact, status }
          changed.push(entry)
        }
        revision.value++
        queueStatusResort(changed)
      }),
    )
  }

  /** Signed out: forget everything of that account. */
  function reset(): void {
    for (const off of unsubscribers.splice(0)) off()
    listening = false
    deletes.reset()
    listToken++
    listRevision = -1
    announced = -1
    partial.value = false
    if (statusTimer) clearTimeout(statusTimer)
    statusTimer = null
    statusMoved.clear()
    byId.clear()
    firsts = null
    search = null
    sorted.value = []
    loaded.value = false
    query.value = ''
    selection.value = new Set()
    activeId.value = null
    details.value = null
    globalPeople.value = []
  }

  function get(id: string): Entry | undefined {
    return byId.get(id)
  }

  /** Of these contacts, the ones the list shows, in list order: a lookup for a few, where a pass over the list is not. */
  function shownInOrder(ids: Iterable<string>): Entry[] {
    const hidden = pendingDelete()
    const out: Entry[] = []
    for (const id of ids) {
      const entry = byId.get(id)
      if (entry && !hidden.has(id)) out.push(entry)
    }
    return out.sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0))
  }

  // ---- selection -------------------------------------------------------------------------------

  function indexOfId(id: string | null): number {
    if (id === null) return -1
    const list = visible.value
    for (let i = 0; i < list.length; i++) if (list[i]!.contact.id === id) return i
    return -1
  }

  function dropFromSelection(ids: readonly string[]): void {
    if (!ids.some((id) => selection.value.has(id))) return
    const next = new Set(selection.value)
    for (const id of ids) next.delete(id)
    selection.value = next
  }

  /** Click, Shift-click (range from the anchor) and Ctrl/Cmd-click (toggle). */
  function clickRow(id: string, mods: { shift?: boolean; toggle?: boolean } = {}): void {
    if (mods.shift && anchorId.value !== null) {
      const a = indexOfId(anchorId.value)
      const b = indexOfId(id)
      if (a !== -1 && b !== -1) {
        const [from, to] = a < b ? [a, b] : [b, a]
        const next = new Set<string>(mods.toggle ? selection.value : [])
        const list = visible.value
        for (let i = from; i <= to; i++) next.add(list[i]!.contact.id)
        selection.value = next
        setActive(id)
        return
      }
    }
    if (mods.toggle) {
      const next = new Set(selection.value)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      selection.value = next
    } else {
      selection.value = new Set([id])
    }
    anchorId.value = id
    setActive(id)
  }

  function selectAllVisible(): void {
    selection.value = new Set(visible.value.map((e) => e.contact.id))
  }

  /** Whether a contact is among what the list shows (any contact, with no search). */
  function inResults(id: string): boolean {
    const entry = byId.get(id)
    if (!entry || pendingDelete().has(id)) return false
    const q = searchQuery.value
    if (q.empty) return true
    const keys = keysOf(entry)
    return matches(q, keys.key, keys.digits)
  }

  // A search hides contacts: the details pane does not go on showing one, and a hidden one is not selected
  // (Delete would act on rows the person cannot see).
  watch(searchQuery, () => {
    if (activeId.value !== null && !inResults(activeId.value)) setActive(null)
    const hidden = [...selection.value].filter((id) => !inResults(id))
    if (hidden.length > 0) dropFromSelection(hidden)
  })

  /** Escape: a multi-selection shrinks to the row the keyboard is on (or to nothing). */
  function collapseSelection(): void {
    const id = activeId.value
    selection.value = new Set(id !== null && selection.value.has(id) ? [id] : [])
    anchorId.value = id
  }

  /** Arrow keys: moves the cursor (and the selection with it; Shift extends). Returns the new index. */
  function moveCursor(delta: number, extend = false): number {
    const list = visible.value
    if (list.length === 0) return -1
    const current = indexOfId(activeId.value)
    const index = current === -1 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, current + delta))
    const id = list[index]!.contact.id
    if (extend) clickRow(id, { shift: true })
    else clickRow(id)
    return index
  }

  // ---- details ---------------------------------------------------------------------------------

  let detailsTimer: ReturnType<typeof setTimeout> | null = null
  let detailsToken = 0

  function setActive(id: string | null): void {
    if (activeId.value === id) return
    activeId.value = id
    if (detailsTimer) clearTimeout(detailsTimer)
    if (details.value?.id !== id) details.value = null
    detailsError.value = null
    if (id === null) return
    // Holding an arrow key should not fire one users.getFullUser per row passed.
    detailsTimer = setTimeout(() => void loadDetails(id), DETAILS_DELAY_MS)
  }

  async function loadDetails(id: string): Promise<void> {
    if (detailsTimer) clearTimeout(detailsTimer)
    detailsTimer = null
    const token = ++detailsToken
    detailsLoading.value = true
    detailsError.value = null
    try {
      const result = await api.call('contacts.details', { id })
      if (token === detailsToken) details.value = result
    } catch (e) {
      if (token === detailsToken) detailsError.value = humanError(e)
    } finally {
      if (token === detailsToken) detailsLoading.value = false
    }
  }

  /** Enter, double-click: the details now, not after the arrow-key delay. */
  function openActive(): void {
    if (activeId.value !== null && details.value?.id !== activeId.value) void loadDetails(activeId.value)
  }

  // ---- delete with undo ------------------------------------------------------------------------

  /**
   * The contacts vanish at once and an "Undo" toast shows for 5 seconds; the core sends contacts.delete when the
   * time is up (also if the page reloads or closes meanwhile). A failure puts them back and says why.
   */
  function deleteWithUndo(ids: readonly string[]): void {
    const hidden = pendingDelete()
    const list = ids.filter((id) => byId.has(id) && !hidden.has(id))
    if (list.length === 0) return
    dropFromSelection(list)
    if (activeId.value !== null && list.includes(activeId.value)) setActive(null)
    const label = list.length === 1 ? `Deleted ${byId.get(list[0]!)!.name}` : `Deleted ${plural(list.length, 'contact')}`
    void deletes.deleteContacts(list, label)
  }

  // Whatever waits for Undo leaves the shown list; an undone or failed delete puts its rows back where they belong.
  watch(
    () => deletes.hiddenContacts,
    (now, before) => {
      const hiddenNow = [...now].filter((id) => !before.has(id))
      if (hiddenNow.length > 0) {
        const gone = new Set(hiddenNow)
        sorted.value = sorted.value.filter((e) => !gone.has(e.contact.id))
      }
      const back = [...before].filter((id) => !now.has(id)).flatMap((id) => byId.get(id) ?? [])
      if (back.length > 0) reposition(new Set(back.map((e) => e.contact.id)), back)
    },
  )

  // ---- global search ---------------------------------------------------------------------------

  let globalTimer: ReturnType<typeof setTimeout> | null = null
  let globalToken = 0

  watch(query, (q) => {
    if (globalTimer) clearTimeout(globalTimer)
    globalToken++
    globalError.value = null
    const trimmed = q.trim()
    // contacts.search looks up names and usernames: a phone number (national or not) is neither.
    if (!trimmed || searchQuery.value.phone) {
      globalPeople.value = []
      globalQuery.value = ''
      globalLoading.value = false
      return
    }
    globalLoading.value = true
    globalTimer = setTimeout(() => void searchGlobal(trimmed), GLOBAL_SEARCH_DELAY_MS)
  })

  async function searchGlobal(q: string): Promise<void> {
    const token = ++globalToken
    try {
      const { people } = await api.call('contacts.searchGlobal', { query: q.slice(0, 64) })
      if (token !== globalToken) return
      globalPeople.value = people.filter((p) => !p.isContact && !byId.has(p.id))
      globalQuery.value = q
    } catch (e) {
      if (token !== globalToken) return
      globalPeople.value = []
      globalQuery.value = q
      // Too short a query is not worth a message: the local results already answer it.
      const code = errorCode(e)
      if (code !== 'QUERY_TOO_SHORT' && code !== 'SEARCH_QUERY_EMPTY') globalError.value = humanError(e)
    } finally {
      if (token === globalToken) globalLoading.value = false
    }
  }

  return {
    sorted,
    partial,
    visible,
    total,
    revision,
    sortMode,
    query,
    searchQuery,
    savedCount,
    source,
    updatedAt,
    loaded,
    refreshing,
    loadError,
    selection,
    activeId,
    details,
    detailsLoading,
    detailsError,
    globalPeople,
    globalLoading,
    globalError,
    globalQuery,
    load,
    refresh,
    listen,
    reset,
    upsert,
    remove,
    get,
    shownInOrder,
    clickRow,
    selectAllVisible,
    collapseSelection,
    moveCursor,
    setActive,
    openActive,
    loadDetails,
    deleteWithUndo,
  }
})
