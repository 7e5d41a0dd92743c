// What the sign-in page carries from one form to the next (the client's description, then the person's token and
// the choices it allows), sealed: AES-GCM under a fresh key per sign-in that only the person's browser holds, in
// an HttpOnly cookie. The page holds the ciphertext, the Worker holds nothing, and KV never sees either: a page,
// a log or a stored value shows no token. Opened once more only by the browser that got the key, within its life.
const ALGORITHM = 'AES-GCM';
/** How long a sign-in page may wait for the person: the provider's consent handle lives as long. */
export const SEAL_SECONDS = 600;

export interface Sealed {
  /** In the page: `<id>.<iv>.<ciphertext>`, base64url. */
  sealed: string;
  /** The cookie that holds the key, name and value. */
  cookie: { name: string; value: string };
}

/** The cookie a seal's key travels in: host-only, HTTPS only, no script may read it, never sent cross-site. */
export const COOKIE_PREFIX = '__Host-realtimekit-sign-in-';

export async function seal(value: unknown, now = Date.now()): Promise<Sealed> {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const id = encode(crypto.getRandomValues(new Uint8Array(9)));
  const plain = new TextEncoder().encode(JSON.stringify({ value, until: now + SEAL_SECONDS * 1000 }));
  const cipher = await crypto.subtle.encrypt(
    { name: ALGORITHM, iv, additionalData: new TextEncoder().encode(id) },
    await importKey(key, 'encrypt'),
    plain,
  );
  return {
    sealed: `${id}.${encode(iv)}.${encode(new Uint8Array(cipher))}`,
    cookie: { name: `${COOKIE_PREFIX}${id}`, value: encode(key) },
  };
}

/** The sealed value, or undefined: altered, expired, or this browser has no key for it. */
export async function unseal(sealed: string, cookies: string | null, now = Date.now()): Promise<unknown> {
  const [id, iv, cipher, extra] = sealed.split('.');
  if (!id || !iv || !cipher || extra !== undefined || !/^[\w-]{12}$/.test(id)) return undefined;
  const key = readCookie(cookies, `${COOKIE_PREFIX}${id}`);
  if (!key) return undefined;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: ALGORITHM, iv: decode(iv), additionalData: new TextEncoder().encode(id) },
      await importKey(decode(key), 'decrypt'),
      decode(cipher),
    );
    const { value, until } = JSON.parse(new TextDecoder().decode(plain)) as { value: unknown; until: number };
    return typeof until === 'number' && now <= until ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A Set-Cookie value for a seal's key (`maxAge` 0 clears it). */
export function keyCookie(name: string, value: string, maxAge = SEAL_SECONDS): string {
  return `${name}=${value}; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

/** The Set-Cookie value that clears the key of `sealed` once it has served. */
export function clearedCookie(sealed: string): string | undefined {
  const id = sealed.split('.')[0];
  return id && /^[\w-]{12}$/.test(id) ? keyCookie(`${COOKIE_PREFIX}${id}`, '', 0) : undefined;
}

function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function importKey(raw: Uint8Array, use: 'encrypt' | 'decrypt') {
  return crypto.subtle.importKey('raw', raw, ALGORITHM, false, [use]);
}

function encode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decode(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
