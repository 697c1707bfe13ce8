/** The archive format is defined once, in src/contracts/archive.ts. */
export { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveV1 } from '../contracts/index.js';
