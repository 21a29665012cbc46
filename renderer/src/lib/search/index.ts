/** Local search: spellings and keys (precomputed), compiled queries, the search as one types, highlights. */
export { normalise, wordsOf } from './fold'
export { spellingsOf, queryReadings } from './spellings'
export { internationalDigits } from './national'
export { compileQuery, matches, narrows, leadingCharacter, isSingleCharacter, type CompiledQuery, type QueryOptions } from './query'
export { searchKeysOf, type Searchable } from './keys'
export { FirstCharacters } from './first-characters'
export { ListSearch, SearchRun, type SearchBudget, type SearchKeys } from './list-search'
export { rowMarks, NO_MARKS, type Mark, type MarkableRow, type RowMarks } from './highlight'
