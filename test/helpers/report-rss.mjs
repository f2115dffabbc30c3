// Preloaded into a child process (node --import) by tests that measure memory: on exit, the
// process's peak resident set size goes to stderr as "maxrss-kib <n>".
process.on('exit', () => {
  process.stderr.write(`\nmaxrss-kib ${process.resourceUsage().maxRSS}\n`);
});
