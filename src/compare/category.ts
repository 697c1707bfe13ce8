/** A rate token of a test name, as FaaSProfiler writes them: `50ps`, `2.5ps`. */
const RATE_TOKEN = /^\d+(\.\d+)?ps$/;

/**
 * The test's category: its name with the rate tokens removed (`img_resize_50ps_run2` →
 * `img_resize_run2`), so runs of one experiment at several rates are compared together. A name
 * made only of rate tokens is its own category.
 */
export function testCategory(testName: string): string {
  const kept = testName.split('_').filter((token) => !RATE_TOKEN.test(token));
  return kept.length === 0 ? testName : kept.join('_');
}
