// Keeps every answer within a model's budget, however large the API's answer: some clients refuse tool
// results over ~25k tokens, and every token crowds the conversation.

/** Estimated tokens for the text block, and for the structured JSON, of one answer. */
export const TEXT_TOKEN_BUDGET = 10_000;
export const STRUCTURED_TOKEN_BUDGET = 12_000;
/** No single string in structured output is longer than this. */
export const MAX_STRUCTURED_STRING = 1000;

/**
 * A conservative token count: about 4 characters a token for English and JSON, but close to one token
 * per character for CJK text, which bytes/3 covers.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(Math.max(text.length / 4, Buffer.byteLength(text, 'utf8') / 3));
}

export function fitsBudget(rendered: { text: string; structured: unknown }): boolean {
  return (
    estimateTokens(rendered.text) <= TEXT_TOKEN_BUDGET &&
    estimateTokens(JSON.stringify(rendered.structured)) <= STRUCTURED_TOKEN_BUDGET
  );
}

/** The largest `k` in [0, count] whose rendering fits, found in log(count) renderings. */
export function largestFitting<R extends { text: string; structured: unknown }>(
  count: number,
  render: (k: number) => R,
): R {
  const all = render(count);
  if (fitsBudget(all)) return all;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fitsBudget(render(middle))) low = middle;
    else high = middle - 1;
  }
  return render(low);
}
