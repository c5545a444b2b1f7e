interface Waiting<V> {
  resolve(value: V | undefined): void;
  reject(err: unknown): void;
}

/**
 * Turns a lookup of many keys into a lookup of one, sharing queries between concurrent
 * requests: a lookup joins the next query to start, never one already running, so every
 * answer was read after its request arrived. At most `parallel` queries run at once (one
 * slow connection does not hold up every reader); under load each carries the keys of every
 * request that came in meanwhile.
 */
export function coalesce<K, V>(lookupMany: (keys: K[]) => Promise<Map<K, V>>, parallel = 4): (key: K) => Promise<V | undefined> {
  let next: Map<K, Waiting<V>[]> | undefined;
  let running = 0;

  function start(): void {
    const batch = next!;
    next = undefined;
    running += 1;
    lookupMany([...batch.keys()])
      .then(
        (found) => batch.forEach((waiting, key) => waiting.forEach((w) => w.resolve(found.get(key)))),
        (err) => batch.forEach((waiting) => waiting.forEach((w) => w.reject(err))),
      )
      .finally(() => {
        running -= 1;
        if (next) start();
      });
  }

  return (key) => new Promise<V | undefined>((resolve, reject) => {
    next ??= new Map();
    const waiting = next.get(key);
    if (waiting) waiting.push({ resolve, reject });
    else next.set(key, [{ resolve, reject }]);
    if (running < parallel) start();
  });
}
