import type { ExportPerson } from '../model'

/** A file format as text pieces: the streaming writer asks for the head, chunks of rows, and the tail. */
export interface ExportFormatWriter {
  /** The file name used when exporting into a folder. */
  readonly fileName: string
  head(): string
  /** Text for the next rows; `first` is true for the chunk that starts the list. */
  rows(people: readonly ExportPerson[], first: boolean): string
  tail(empty: boolean): string
}
