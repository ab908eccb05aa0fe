/**
 * Runs `fn` over `items`, at most `limit` at a time and never two items with the same key at
 * once: the items of one key run one after another, in their order. `onDone` sees every result in
 * the order of `items`, each as soon as it and all before it have finished. `fn` is expected to
 * settle its own failures; a rejection stops new items from starting and is thrown once the ones
 * in flight have finished.
 */
export async function runInLanes<T, R>(
  items: readonly T[],
  keyOf: (item: T) => string,
  limit: number,
  fn: (item: T) => Promise<R>,
  onDone: (item: T, result: R) => void = () => undefined,
): Promise<R[]> {
  const lanes = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    const lane = lanes.get(key);
    if (lane) lane.push(i);
    else lanes.set(key, [i]);
  });
  const queue = [...lanes.values()];
  const results: R[] = new Array<R>(items.length);
  const done: boolean[] = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    for (let lane = queue.shift(); lane && !failure; lane = queue.shift())
      for (const i of lane) {
        if (failure) return;
        try {
          results[i] = await fn(items[i] as T);
        } catch (error: unknown) {
          failure ??= { error };
          return;
        }
        done[i] = true;
        for (; next < items.length && done[next]; next++) onDone(items[next] as T, results[next] as R);
      }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}
