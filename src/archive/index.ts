export * from './types.js';
export { writeArchive, archiveFileName, sanitizeTestName } from './write.js';
export { readArchive, InvalidArchiveError, type ArchiveFile } from './read.js';
export { listArchives, type ListArchivesOptions } from './list.js';
export { validateArchive } from './validate.js';
