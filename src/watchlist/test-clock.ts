/**
 * Test-only: a clock the test moves, with the `sleep` the sweep and the service are given. Time
 * passes only when the test says so, or when {@link TestClock.run} finds that nothing else can
 * happen before the next timer: a paced sweep of minutes takes milliseconds, and timings are exact.
 */
export class TestClock {
  now: number;
  private timers: { at: number; resolve: () => void }[] = [];

  constructor(start = Date.parse('2026-11-26T12:00:00Z')) {
    this.now = start;
  }

  readonly read = (): number => this.now;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.now + Math.max(0, ms), resolve });
    });

  /** Lets every pending promise chain run (storage, checks) without moving time. */
  async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  private fireNext(until: number): boolean {
    let next: { at: number; resolve: () => void } | undefined;
    for (const timer of this.timers) if (timer.at <= until && (!next || timer.at < next.at)) next = timer;
    if (!next) return false;
    this.timers.splice(this.timers.indexOf(next), 1);
    this.now = Math.max(this.now, next.at);
    next.resolve();
    return true;
  }

  /** Moves time forward by `ms`, firing the timers due on the way in order. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    await this.settle();
    while (this.fireNext(end)) await this.settle();
    this.now = end;
    await this.settle();
  }

  /** Runs `task` to its end, jumping to the next timer whenever nothing else is left to do. */
  async run<T>(task: Promise<T>, limitMs = 24 * 3_600_000): Promise<T> {
    let done = false;
    task.then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    const deadline = this.now + limitMs;
    for (;;) {
      await this.settle();
      if (done) return task;
      if (!this.fireNext(deadline)) throw new Error('the task waits for something that never happens');
    }
  }
}
