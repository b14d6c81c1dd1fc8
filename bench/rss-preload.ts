// Preloaded with `node --require` when /usr/bin/time is unavailable: reports the
// process's peak RSS (KiB) on stderr as it exits, for bench/run.ts to parse.
process.on('exit', () => {
  process.stderr.write(`\n__BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});

export {};
