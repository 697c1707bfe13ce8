// Ambient type for pouchdb-mapreduce@9: a PouchDB plugin, passed to `PouchDB.plugin`.
declare module 'pouchdb-mapreduce' {
  const plugin: unknown;
  export default plugin;
}
