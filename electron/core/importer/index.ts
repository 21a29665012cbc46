/**
 * Reading contact files (vCard 2.1/3.0/4.0, CSV) and the import preview.
 *
 *   buildPreview(files: PreviewInput[], contacts: Contact[], defaultRegion: Region | null)
 *     -> { files: PreviewFile[]; rows: PreviewRow[] }        (contract dto shapes; pure, synchronous)
 *   readContactFile(name: string, bytes: Uint8Array, defaultRegion: Region | null, { charset }) -> ParsedFile
 *   PreviewSession (preview-session.ts): import.preview / import.previewRows over the preview worker
 *   toRegion('de') -> 'DE' | null, regionOfPhone('+4930…') -> 'DE'   (from electron/core/phones)
 *
 * defaultRegion is the signed-in account's country (regionOfPhone(self.phone)); it resolves
 * numbers written without a country code. Reading a 100,000-card file takes under a second; checking
 * its ~250,000 numbers takes more: PreviewSession runs it in a worker thread, never on the core's
 * event loop.
 */

export { buildPreview, previewRows } from './preview'
export type { Preview, PreviewInput } from './preview'
export { e164Forms, readContactFile, sniffKind } from './read-file'
export { VCardReader, readVCard, readVCardText } from './vcard/reader'
export { readCsv, readCsvText } from './csv/reader'
export { decodeBytes, detectEncoding } from './encoding'
export type { ContactFileKind, ContactPhone, FileProblem, ParsedContact, ReadContact, ReadPhone } from './model'
export { ParsedFile } from './parsed-file'
export { ReadResult } from './read-result'
export { regionOfPhone, toRegion } from '../phones'
export type { Region } from '../phones'
