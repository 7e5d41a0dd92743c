// Keeps every answer within a model's budget, however large the API's answer: some clients refuse tool
// results over ~25k tokens, and every token crowds the conversation.

/** Estimated tokens for the text block, and for the structured JSON, of one answer. */
export const TEXT_TOKEN_BUDGET = 10_000;
export const STRUCTURED_TOKEN_BUDGET = 12_000;
/** No single string in structured output is longer than this. */
export const MAX_STRUCTURED_STRING = 1000;

/**
 * Tokens a model will be charged for `text`, estimated without a tokenizer, never below either floor it had
 * before: about 4 characters a token, or bytes/3 (CJK is close to a token a character). On top of those, the
 * shape of the text: ids, dates and URLs cost far more than English (a UUID is about 20 tokens for 36
 * characters), so words, digit groups and punctuation runs are counted as a BPE tokenizer splits them. On the
 * bench's pages it is within 10% of o200k, never more than 7% under (test/summaries/budget.test.ts).
 */
export function estimateTokens(text: string): number {
  return Math.max(Math.ceil(text.length / 4), Math.ceil(Buffer.byteLength(text, 'utf8') / 3), shapeTokens(text));
}

/**
 * A count of the pieces a BPE tokenizer such as o200k cuts text into, with a cost each: a word of up to 12
 * letters is a token per 6 letters (common words are one token), a longer run of letters (not a word) one
 * per 3; a number one per 3 digits; a run of punctuation one per 3 characters; a line break one; any other
 * character one. A space goes with the piece after it.
 */
function shapeTokens(text: string): number {
  let tokens = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let j = i + 1;
    if (isLetter(c)) {
      while (j < n && isLetter(text.charCodeAt(j))) j++;
      const length = j - i;
      tokens += Math.ceil(length / (length <= 12 ? 6 : 3));
    } else if (isDigit(c)) {
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      tokens += Math.ceil((j - i) / 3);
    } else if (c === 10 || c === 13 || c === 9) {
      tokens += 1;
    } else if (c > 32 && c < 128) {
      while (j < n && isPunctuation(text.charCodeAt(j))) j++;
      tokens += Math.ceil((j - i) / 3);
    } else if (c !== 32) {
      tokens += 1;
    }
    i = j;
  }
  return tokens;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Printable ASCII that is neither a letter nor a digit. */
function isPunctuation(c: number): boolean {
  return c > 32 && c < 128 && !isLetter(c) && !isDigit(c);
}

export function fitsBudget(rendered: { text: string; structured: unknown }): boolean {
  return (
    within(rendered.text, TEXT_TOKEN_BUDGET) && within(JSON.stringify(rendered.structured), STRUCTURED_TOKEN_BUDGET)
  );
}

/**
 * Whether `text` is estimated at `budget` tokens or fewer. No text is estimated at more tokens than it has
 * characters (each floor and each piece of shapeTokens counts at most one a character), so most answers, far
 * shorter than their budget, need no estimate at all.
 */
function within(text: string, budget: number): boolean {
  return text.length <= budget || estimateTokens(text) <= budget;
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
