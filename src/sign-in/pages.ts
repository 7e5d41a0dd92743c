// The sign-in pages a person sees when an MCP client (claude.ai, ChatGPT, an IDE) connects to the Worker: paste
// a Cloudflare API token, then pick the account and app, then Allow. Plain HTML forms: no script, usable by
// keyboard alone, readable on a phone. Pure functions of what they show; every value that came from a client
// (its name, its redirect) or from the API (account and app names) goes through `text()`, one line, escaped.
import { oneLine } from '../lib/strings.js';
import type { AccountChoice } from './token-check.js';

/** What the page says of the client asking, from the provider's description of the request. */
export interface ClientShown {
  name: string;
  /** A Client ID Metadata Document client's domain: verified, unlike a registered client's name. */
  domain?: string;
  /** Where the person will be sent back, with the code. */
  redirectHost: string;
  /** That place is an app on the person's own computer. */
  redirectIsLoopback: boolean;
}

/** The hidden fields every form posts back: the provider's consent handle and the sealed state. */
export interface FormState {
  handle: string;
  sealed: string;
}

export const TOKEN_FIELD = 'token';
export const APP_FIELD = 'app';

/** Step 1: the token. `problem` is why the last one did not do. */
export function tokenPage(
  client: ClientShown,
  state: FormState,
  { problem, demo = false }: { problem?: string; demo?: boolean },
): string {
  return page(
    `Connect ${oneLine(client.name, 60)} to RealtimeKit`,
    `<h1>Connect ${strong(client.name, 60)} to RealtimeKit</h1>
${whoAsks(client)}
<form method="post">
${hidden(state)}<input type="hidden" name="step" value="token">
<label for="token">Your Cloudflare API token</label>
<input id="token" name="${TOKEN_FIELD}" type="password" required autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="token-help${problem ? ' problem' : ''}"${problem ? ' aria-invalid="true"' : ''} autofocus>
${problem ? `<p id="problem" class="problem" role="alert">${text(problem, 400)}</p>\n` : ''}<p id="token-help" class="help">It needs the <strong>Realtime</strong> (or <strong>Realtime Admin</strong>) permission. The server checks it with Cloudflare, keeps it only inside this connection's encrypted grant, and never shows it to ${text(client.name, 60)}.</p>
<p class="buttons"><button name="decision" value="continue">Continue</button>
<button name="decision" value="deny" formnovalidate class="secondary">Cancel</button></p>
</form>
${demo ? demoForm(state) : ''}<details>
<summary>How to make a token</summary>
<ol>
<li>In the Cloudflare dashboard, open <strong>My Profile</strong>, then <strong>API Tokens</strong>, and choose <strong>Create Token</strong>.</li>
<li>Start from <strong>Create Custom Token</strong>. Under <strong>Permissions</strong>, choose <strong>Account</strong>, <strong>Realtime</strong>, <strong>Read</strong>.</li>
<li>Under <strong>Account Resources</strong>, include the account that has your RealtimeKit apps.</li>
<li>Create it, copy it, and paste it above.</li>
</ol>
</details>`,
  );
}

/** Step 2: the account and app, then Allow. */
export function choicePage(
  client: ClientShown,
  state: FormState,
  accounts: AccountChoice[],
  { withoutRealtime, moreAccounts, problem }: { withoutRealtime: string[]; moreAccounts: boolean; problem?: string },
): string {
  const groups = accounts
    .filter((account) => account.apps.length > 0)
    .map((account) => {
      const options = account.apps
        .map((app, index) => {
          const label = app.name && app.name !== app.id ? `${app.name} (${app.id})` : app.id;
          const selected = accounts[0] === account && index === 0 ? ' selected' : '';
          return `<option value="${text(`${account.id}/${app.id}`, 200)}"${selected}>${text(label, 120)}</option>`;
        })
        .join('\n');
      const more = account.totalApps ? `, the first ${account.apps.length} of ${account.totalApps} apps` : '';
      return `<optgroup label="${text(account.name ?? account.id, 80)}${more}">\n${options}\n</optgroup>`;
    })
    .join('\n');
  const notes = [
    withoutRealtime.length > 0
      ? `The token has no Realtime permission in ${withoutRealtime.map((name) => strong(name, 60)).join(', ')}, so those accounts are not listed.`
      : '',
    moreAccounts ? 'The token sees more accounts than are listed here; give it fewer to choose from.' : '',
  ].filter(Boolean);
  return page(
    'Choose the RealtimeKit app',
    `<h1>Choose the RealtimeKit app</h1>
${whoAsks(client)}
<form method="post">
${hidden(state)}<input type="hidden" name="step" value="choose">
<label for="app">Account and app</label>
<select id="app" name="${APP_FIELD}" required aria-describedby="app-help">
${groups}
</select>
${problem ? `<p class="problem" role="alert">${text(problem, 400)}</p>\n` : ''}<p id="app-help" class="help">${text(client.name, 60)} will read this app's meetings and livestreams, with the token you gave. It can still name another app of the same account in a call.</p>
${notes.map((note) => `<p class="help">${note}</p>`).join('\n')}
<p class="buttons"><button name="decision" value="allow">Allow</button>
<button name="decision" value="deny" formnovalidate class="secondary">Deny</button></p>
</form>`,
  );
}

/** A page that ends the sign-in here: the request cannot be sent back to its client, or has expired. */
export function endPage(title: string, message: string): string {
  return page(title, `<h1>${text(title, 80)}</h1>\n<p>${text(message, 400)}</p>`);
}

/** The Content-Security-Policy of every page: no script at all, forms posted here, sent on to the client only. */
export function pagePolicy(redirectOrigin?: string): string {
  const formAction = ["'self'", ...(redirectOrigin ? [redirectOrigin] : [])].join(' ');
  return `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`;
}

function demoForm(state: FormState): string {
  return `<form method="post" class="demo">
${hidden(state)}<input type="hidden" name="step" value="demo">
<p class="help">No Cloudflare account? This server also offers a built-in sample account with made-up meetings.</p>
<p class="buttons"><button name="decision" value="demo" class="secondary">Use the sample account</button></p>
</form>
`;
}

function whoAsks(client: ClientShown): string {
  const who = client.domain
    ? `${strong(client.name, 60)}, published by ${strong(client.domain, 100)},`
    : `${strong(client.name, 60)} (a name the app gave itself, not verified)`;
  const local = client.redirectIsLoopback
    ? `<p class="warning"><strong>This sends access to an app on your computer.</strong> Continue only if you just started connecting from it.</p>\n`
    : '';
  return `<p>${who} asks to read your RealtimeKit meetings and livestreams. When you allow it, you will be sent back to ${strong(client.redirectHost, 100)}.</p>\n${local}`;
}

function hidden({ handle, sealed }: FormState): string {
  return `<input type="hidden" name="handle" value="${text(handle, 400)}">
<input type="hidden" name="sealed" value="${/^[\w.-]*$/.test(sealed) ? sealed : ''}">
`;
}

function strong(value: string, max: number): string {
  return `<strong>${text(value, max)}</strong>`;
}

/** The one way a value reaches a page: one line (no control or bidi characters), clipped, escaped for HTML. */
export function text(value: string, max: number): string {
  return oneLine(value, max).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${text(title, 120)} · realtimekit-mcp</title>
<style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:34rem;margin:0 auto;padding:1.5rem 1rem;color:#1d1d1f;background:#fff}
h1{font-size:1.4rem;line-height:1.3}
label{display:block;font-weight:600;margin:1.25rem 0 .25rem}
input,select,button{font:inherit;min-height:2.75rem;box-sizing:border-box}
input,select{width:100%;padding:.4rem .6rem;border:1px solid #767676;border-radius:6px}
button{padding:.4rem 1.1rem;border-radius:6px;border:1px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer;margin:0 .5rem .5rem 0}
button.secondary{background:#fff;color:#0b57d0}
:focus-visible{outline:3px solid #f9ab00;outline-offset:2px}
.help{color:#444;font-size:.95rem}
.problem{color:#b3261e;font-weight:600}
.warning{border-left:4px solid #f9ab00;padding-left:.75rem}
.demo{margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}
details{margin-top:2rem}
@media (prefers-color-scheme:dark){body{background:#111;color:#eee}.help{color:#bbb}input,select{background:#222;color:#eee}button.secondary{background:#111;color:#8ab4f8}.problem{color:#f2b8b5}}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
