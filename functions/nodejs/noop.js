// noop: returns an empty result at once (platform overhead benchmarks).
function main() {
  return {};
}
