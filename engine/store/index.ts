// The store's public surface: open it, write through `store.writer`, read through `store.queries`.
export { openStore, type Store, type StoreOptions } from './open-store.ts';
export type { ReportWriteResult, StoreWriter, WriterOptions } from './store-writer.ts';
export type { AlertTransition, PersonAlertEventType } from './alert-transitions.ts';
export type * from './queries/store-queries.ts';
export type { ArchivedReport, DailyReportArchive } from './daily-report-archive.ts';
export type { RetentionOptions } from './time-layout.ts';
export type { LayoutChoice } from './detect-layout.ts';
export {
  DataDirLockedError,
  MigrationError,
  QueryInputError,
  StoreClosedError,
  StoreQueryError,
} from './store-errors.ts';
export { LayoutError } from './detect-layout.ts';
