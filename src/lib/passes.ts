/**
 * Runs `pass` again while it took a full batch (`full`), at most
 * `maxPasses` times, and answers each pass's result: how a scheduled job
 * works through a backlog in bounded transactions, stopping as soon as a
 * pass finds less than a batch (nothing is left) or the run's share is done.
 */
export async function passesWhileFull<Result>(
  maxPasses: number,
  pass: () => Promise<Result>,
  full: (result: Result) => boolean,
): Promise<Result[]> {
  const results: Result[] = [];
  for (let count = 0; count < maxPasses; count++) {
    const result = await pass();
    results.push(result);
    if (!full(result)) break;
  }
  return results;
}
