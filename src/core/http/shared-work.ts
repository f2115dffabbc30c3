/**
 * One piece of work several callers wait for (a DNS question two reports ask at once, the bootstrap
 * file), each with its own cancellation. A caller whose signal aborts stops waiting at once; the
 * work itself is aborted only when every caller that could still want it has gone, so one report
 * being cancelled never fails another report's answer.
 */
export interface SharedWork<T> {
  /** Waits for the work (starting it on the first call); `cancelled()` is the answer for an aborted caller. */
  join(signal: AbortSignal | undefined, cancelled: () => T): Promise<T>;
  /** Every caller has gone and the work was aborted: a new caller needs new work. */
  readonly abandoned: boolean;
}

export function sharedWork<T>(run: (signal: AbortSignal) => Promise<T>): SharedWork<T> {
  const controller = new AbortController();
  let started: Promise<T> | null = null;
  // Callers that may still want the answer; one without a signal always does.
  let waiting = 0;
  let forever = false;

  return {
    get abandoned() {
      return controller.signal.aborted;
    },
    join(signal, cancelled) {
      if (signal?.aborted) return Promise.resolve(cancelled());
      started ??= run(controller.signal);
      const work = started;
      if (!signal) {
        forever = true;
        return work;
      }
      waiting += 1;
      return new Promise<T>((resolve) => {
        const onAbort = () => {
          waiting -= 1;
          if (waiting === 0 && !forever) controller.abort();
          resolve(cancelled());
        };
        signal.addEventListener('abort', onAbort, { once: true });
        void work.then(
          (value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
          },
          () => {
            signal.removeEventListener('abort', onAbort);
            resolve(cancelled());
          },
        );
      });
    },
  };
}

/** Waits `ms`, or less when `signal` aborts first (a polite retry must not outlive its report). */
export function abortableSleep(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  if (!signal) return sleep(ms).then(() => true);
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
    void sleep(ms).then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(!signal.aborted);
    });
  });
}
