// The sign-in pages as a person's browser gets them: the exact HTML (snapshots), every value from a client or
// the API on one escaped line, and the state between forms sealed to the browser that holds its key.
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, PLANTED } from '../../fixtures/api.js';
import { type ClientShown, choicePage, endPage, pagePolicy, tokenPage } from '../../src/sign-in/pages.js';
import { clearedCookie, keyCookie, SEAL_SECONDS, seal, unseal } from '../../src/sign-in/seal.js';

const CLIENT: ClientShown = {
  name: 'Claude',
  domain: 'claude.ai',
  redirectHost: 'claude.ai',
  redirectIsLoopback: false,
};
const STATE = { handle: 'handle-123', sealed: 'abcdefghijkl.iv.cipher' };
const ACCOUNTS = [
  {
    id: ACCOUNT_ID,
    name: 'Acme Video',
    apps: [{ id: 'app_a', name: 'Town halls' }, { id: 'app_b' }],
    totalApps: 31,
  },
];

describe('the pages', () => {
  it('the token form, as a browser gets it', () => {
    expect(tokenPage(CLIENT, STATE, {})).toMatchSnapshot();
  });

  it('the token form again, with why the last token did not do, and the sample account offered', () => {
    const page = tokenPage(
      { ...CLIENT, domain: undefined, redirectHost: '127.0.0.1', redirectIsLoopback: true },
      STATE,
      { problem: 'Cloudflare did not accept this token.', demo: true },
    );
    expect(page).toMatchSnapshot();
  });

  it('the choice of account and app', () => {
    expect(
      choicePage(CLIENT, STATE, ACCOUNTS, { withoutRealtime: ['Personal <b>'], moreAccounts: true }),
    ).toMatchSnapshot();
  });

  it('shows a hostile client name or account name as text, on one line, without bidi overrides', () => {
    const hostile = 'Evil"><script>alert(1)</script>\u202Eexe.pdf\nSecond line';
    const pages = [
      tokenPage({ ...CLIENT, name: hostile, domain: hostile, redirectHost: hostile }, STATE, { problem: hostile }),
      choicePage(
        { ...CLIENT, name: hostile },
        STATE,
        [{ id: ACCOUNT_ID, name: hostile, apps: [{ id: 'app_a', name: hostile }] }],
        {
          withoutRealtime: [hostile],
          moreAccounts: false,
        },
      ),
      endPage(hostile, hostile),
    ];
    for (const page of pages) {
      expect(page).not.toMatch(/<script|Evil"|\u202E|exe.pdf\nSecond/);
      expect(page).toContain('Evil&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62; exe.pdf Second line');
    }
  });

  it('run no script, are never framed, and post only here or to the client they send back to', () => {
    expect(pagePolicy('https://claude.ai')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https://claude.ai; frame-ancestors 'none'; base-uri 'none'",
    );
    for (const page of [
      tokenPage(CLIENT, STATE, { demo: true }),
      choicePage(CLIENT, STATE, ACCOUNTS, { withoutRealtime: [], moreAccounts: false }),
    ]) {
      expect(page).not.toMatch(/<script|\son\w+=|javascript:/i);
      // Every control has a label, and the buttons come in the order Enter presses the first.
      expect(page).toMatch(/<label for="(token|app)">/);
      expect(
        page.indexOf('value="continue"') < page.indexOf('value="deny"') ||
          page.indexOf('value="allow"') < page.indexOf('value="deny"'),
      ).toBe(true);
    }
  });
});

describe('the seal between forms', () => {
  const cookieHeader = (sealed: Awaited<ReturnType<typeof seal>>) => `${sealed.cookie.name}=${sealed.cookie.value}`;

  it('opens only with its key, in its time, unaltered; the page holds no token', async () => {
    const value = { token: PLANTED.token, accounts: ACCOUNTS };
    const now = 1_800_000_000_000;
    const sealed = await seal(value, now);
    expect(sealed.sealed).not.toContain(PLANTED.token);
    expect(sealed.sealed).not.toContain(Buffer.from(PLANTED.token).toString('base64').slice(0, 20));
    expect(await unseal(sealed.sealed, cookieHeader(sealed), now + 1000)).toEqual(value);
    // Another browser (no key, or another seal's), too late, or altered: nothing.
    const other = await seal(value, now);
    expect(await unseal(sealed.sealed, null, now)).toBeUndefined();
    expect(await unseal(sealed.sealed, `${sealed.cookie.name}=${other.cookie.value}`, now)).toBeUndefined();
    expect(await unseal(sealed.sealed, cookieHeader(sealed), now + SEAL_SECONDS * 1000 + 1)).toBeUndefined();
    const [id, iv, cipher = ''] = sealed.sealed.split('.');
    const flipped = `${cipher.slice(0, 5)}${cipher[5] === 'A' ? 'B' : 'A'}${cipher.slice(6)}`;
    expect(await unseal(`${id}.${iv}.${flipped}`, cookieHeader(sealed), now)).toBeUndefined();
    expect(await unseal('garbage', cookieHeader(sealed), now)).toBeUndefined();
  });

  it('keeps its key in a cookie no script reads and no other site sends, and clears it after', async () => {
    const sealed = await seal({});
    expect(keyCookie(sealed.cookie.name, sealed.cookie.value)).toMatch(
      /^__Host-realtimekit-sign-in-[\w-]{12}=[\w-]+; Max-Age=600; Path=\/; Secure; HttpOnly; SameSite=Strict$/,
    );
    expect(clearedCookie(sealed.sealed)).toBe(
      `${sealed.cookie.name}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Strict`,
    );
  });
});
