// Ambient type for pouchdb-find@9: a PouchDB plugin, passed to `PouchDB.plugin`.
declare module 'pouchdb-find' {
  const plugin: unknown;
  export default plugin;
}
