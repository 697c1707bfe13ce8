export * from './types.js';
export { writeArchive, archiveFileName } from './write.js';
export { readArchive, listArchives, type ArchiveFile } from './read.js';
