// The live view for MCP Apps hosts (the io.modelcontextprotocol/ui extension): get_active_livestreams names
// a `ui://` resource, and a host that renders MCP Apps reads it with resources/read and shows the tool's
// structuredContent in it as cards with players. Hosts without the extension ignore both and keep the text.
// Pure: the HTML itself is built from view/ by scripts/build.mjs, and each host says how to load it.
import type { ReadResourceResult, Resource } from '@modelcontextprotocol/server';

/** The extension's identifier, as client and server declare it among their capabilities. */
export const UI_EXTENSION = 'io.modelcontextprotocol/ui';
/** The one content type MCP Apps renders. */
export const MCP_APP_MIME_TYPE = 'text/html;profile=mcp-app';
export const LIVE_VIEW_URI = 'ui://realtimekit-mcp/live-view.html';

/**
 * Where Cloudflare serves livestream playback: RealtimeKit's playback URLs are Cloudflare Stream manifests
 * (`https://customer-<code>.cloudflarestream.com/<id>/manifest/video.m3u8`), and Stream also plays from
 * videodelivery.net. REALTIMEKIT_MCP_PLAYBACK_ORIGINS adds others.
 */
export const CLOUDFLARE_PLAYBACK_ORIGINS: ReadonlyArray<string> = [
  'https://*.cloudflarestream.com',
  'https://videodelivery.net',
];

/** The view's HTML document, read only when a host asks for it (never at start-up). */
export type LiveViewSource = () => Promise<string>;

export const liveViewResource: Resource = {
  uri: LIVE_VIEW_URI,
  name: 'live-view',
  title: 'Live livestreams',
  description: 'Cards with a player for each active livestream, LIVE first, with a refresh button (MCP Apps hosts).',
  mimeType: MCP_APP_MIME_TYPE,
};

/**
 * The resource as resources/read answers it. Its CSP is the narrowest that lets the player load media: the
 * playback origins for the manifest and segment requests (connect-src, as the HLS library fetches them) and
 * for the media itself (media-src, as a browser that plays HLS natively loads it). Nothing else is allowed:
 * the document carries its script and styles inline and loads nothing from anywhere.
 */
export function liveViewContents(html: string, playbackOrigins: ReadonlyArray<string>): ReadResourceResult {
  const origins = [...CLOUDFLARE_PLAYBACK_ORIGINS, ...playbackOrigins];
  return {
    contents: [
      {
        uri: LIVE_VIEW_URI,
        mimeType: MCP_APP_MIME_TYPE,
        text: html,
        _meta: { ui: { csp: { connectDomains: origins, resourceDomains: origins }, prefersBorder: true } },
      },
    ],
  };
}

/**
 * An entry of REALTIMEKIT_MCP_PLAYBACK_ORIGINS as a CSP source, or undefined: an https origin (a leading `*.`
 * for any subdomain), or http only to this machine. Nothing else may reach a CSP: no path, no quotes, no `;`.
 */
export function playbackOrigin(entry: string, isLoopback: (hostname: string) => boolean): string | undefined {
  const wildcard = /^https:\/\/\*\.[a-z0-9-]+\.[a-z0-9.-]+/i.test(entry);
  const candidate = wildcard ? entry.replace('*.', 'wildcard.') : entry;
  if (!URL.canParse(candidate)) return undefined;
  const url = new URL(candidate);
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if (!bare || !/^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i.test(url.host)) return undefined;
  if (url.protocol === 'https:') return wildcard ? url.origin.replace('wildcard.', '*.') : url.origin;
  if (url.protocol === 'http:' && !wildcard && isLoopback(url.hostname)) return url.origin;
  return undefined;
}
