// Ambient type for pouchdb-adapter-memory@9: a PouchDB plugin, passed to `PouchDB.plugin`.
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
