export { assertMayImport, IMPORT_ROLES, rolesToImport } from './access.rules.js';
export * from './fields.js';
export { encodingNamed, parseMapping, parseMappingText, planColumns, type ImportMapping } from './mapping.js';
export { CSV_ENCODINGS, readHeader, type CsvEncoding } from './csv-reader.js';
export {
  importCsv,
  assertImportAccepted,
  createImportRecord,
  sha256File,
  type CreateImportRecordInput,
  IMPORT_CHUNK_ROWS,
  type ImportCsvInput,
  type ImportResult,
  type ImportProgress,
  type ImportStatus,
} from './import-csv.js';
export type { ImportProblem } from './kind.js';
export { failInterruptedImports, INTERRUPTED_IMPORT_ERROR, SETTLED_AFTER_RESTART } from './liveness.js';
export { getImport, listImports } from './queries.js';
export {
  BACKGROUND_IMPORT_BYTES,
  checkUploadFields,
  runUpload,
  type RunUploadInput,
  type UploadFields,
  type CheckedUpload,
} from './run-upload.js';
export { cleanFileName, removeSpooled, spoolFolder, spoolUpload, sweepSpool, type SpooledFile } from './spool.js';
export { deleteMapping, listMappings, mappingNamed, saveMapping } from './saved-mappings.js';
