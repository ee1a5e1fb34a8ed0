// V8 settings of an engine process (the app's runner utilityProcess, the bench's RSS child): without
// a cap, V8 on a machine with plenty of memory lets garbage grow the heap long before it collects,
// and a 1,000-URL run then peaks far above what it needs (README "Benchmarks": rss_mb_1000 and
// rss_mb_1000_default_heap).
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-old-space-size=128', '--max-semi-space-size=2'];
