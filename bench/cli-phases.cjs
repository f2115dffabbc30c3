// Preloaded (`node -r`) by `npm run bench` into some warm checks: when the process reached user code,
// when the check's first HTTP request left, when its last answer ended, and when it exited. These
// split the command line's time into Node's start-up, its own loading and set-up, the network part
// and the end, so the figure against `node -e 0` says where the difference lies.
'use strict';
const started = performance.now();
const http = require('node:http');

let first;
let last;
const request = http.request;
http.request = function timedRequest(...args) {
  first ??= performance.now();
  const outgoing = request.apply(this, args);
  outgoing.once('response', (answer) => {
    answer.once('end', () => {
      last = performance.now();
    });
  });
  return outgoing;
};
process.once('exit', () => {
  process.stderr.write(`\ncli-phases ${JSON.stringify({ started, first, last, exit: performance.now() })}\n`);
});
