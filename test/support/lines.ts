// Reads the text a model reads back into values, the way a model would: a line is tokens separated by single
// spaces, each a JSON string (a value from the API that needed quoting), a phrase in parentheses, or a run
// of other characters. With this, a test can tell which line is which item, and that no value split a line.

/** The tokens of a line, in order; `;` on its own where the line's tail begins. */
export function tokens(line: string): string[] {
  const found: string[] = [];
  for (let at = 0; at < line.length; ) {
    if (line[at] === ' ') {
      at += 1;
      continue;
    }
    const end =
      line[at] === '"' ? endOfString(line, at) : line[at] === '(' ? line.indexOf(')', at) + 1 : line.indexOf(' ', at);
    const stop = end <= at ? line.length : end;
    const token = line.slice(at, stop);
    // "; " starts a line's tail (its options, or the stream key note): a raw token never holds a space.
    if (token.length > 1 && token.endsWith(';') && !token.startsWith('"')) found.push(token.slice(0, -1), ';');
    else found.push(token);
    at = stop;
  }
  return found;
}

function endOfString(line: string, start: number): number {
  for (let at = start + 1; at < line.length; at++) {
    if (line[at] === '\\') at += 1;
    else if (line[at] === '"') return at + 1;
  }
  return line.length;
}

/** What a token stands for: a JSON string decoded, any other token as it is. */
export function tokenValue(token: string): string {
  return token.startsWith('"') ? (JSON.parse(token) as string) : token;
}

/** Whether two forms of one value agree, allowing for either being cut short with a `…[+N chars]` marker. */
export function sameValue(a: string, b: string): boolean {
  const [headA = '', headB = ''] = [a.split('…[+')[0], b.split('…[+')[0]];
  return a.includes('…[+') || b.includes('…[+') ? headA.startsWith(headB) || headB.startsWith(headA) : a === b;
}

/** Whether `line` is the line of the item whose id is `id`: its first token stands for that id. */
export function isItemLine(line: string, id: string): boolean {
  const [first] = tokens(line);
  return first !== undefined && sameValue(tokenValue(first), id);
}
