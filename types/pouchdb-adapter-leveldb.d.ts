// Ambient type for pouchdb-adapter-leveldb@9: a PouchDB plugin, passed to `PouchDB.plugin`.
declare module 'pouchdb-adapter-leveldb' {
  const plugin: unknown;
  export default plugin;
}
