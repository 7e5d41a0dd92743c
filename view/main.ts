// The live view: an MCP App (ext-apps) that shows get_active_livestreams' answer as cards with players. The
// host sends the call's arguments and result; Refresh and the next scan page call the tool again through the
// host. Theme, fonts, locale and time zone are the host's.
import {
  App,
  applyDocumentTheme,
  applyHostFonts,
  applyHostStyleVariables,
  type McpUiHostContext,
} from '@modelcontextprotocol/ext-apps';
import { toDom } from './dom.js';
import { type Model, modelContextFrom, modelFrom } from './model.js';
import { type Player, startPlayer } from './player.js';
import { type Locale, render, type ViewState } from './render.js';

const TOOL = 'get_active_livestreams';
const root = document.getElementById('root') as HTMLElement;
const app = new App({ name: 'realtimekit-live-view', version: '1' }, {}, { autoResize: true });

let args: Record<string, unknown> = {};
let state: ViewState = { model: { kind: 'waiting' }, busy: false };
let locale: Locale = {};
/** Players that play, by livestream id: a refresh keeps those still listed. */
const players = new Map<string, Player>();

function show(next: Partial<ViewState>): void {
  state = { ...state, ...next };
  const focused = document.activeElement?.getAttribute('data-action');
  root.replaceChildren(toDom(render(state, locale), document));
  for (const [id, player] of players) {
    const slot = [...root.querySelectorAll<HTMLElement>('[data-slot]')].find((el) => el.dataset.slot === id);
    if (slot) slot.replaceChildren(player.element);
    else {
      player.stop();
      players.delete(id);
    }
  }
  // Keyboard users keep their place across a re-render.
  if (focused) root.querySelector<HTMLElement>(`[data-action="${focused}"]`)?.focus();
}

async function call(nextArgs: Record<string, unknown>, doing: string): Promise<void> {
  show({ busy: true, status: doing });
  try {
    const result = await app.callServerTool({ name: TOOL, arguments: nextArgs });
    args = nextArgs;
    const model: Model = modelFrom(result);
    const now = new Date();
    show({ model, busy: false, status: `Updated ${now.toLocaleTimeString(locale.locale)}.` });
    // The model saw the answer of its own call; tell it what the user now sees, where the host takes context.
    if (app.getHostCapabilities()?.updateModelContext?.text) {
      app
        .updateModelContext({ content: [{ type: 'text', text: modelContextFrom(result, nextArgs, now) }] })
        .catch(() => {});
    }
  } catch (error) {
    show({ busy: false, status: `Could not refresh: ${error instanceof Error ? error.message : String(error)}` });
  }
}

root.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement | null)?.closest<HTMLButtonElement>('button[data-action]');
  if (!button || state.busy) return;
  const action = button.dataset.action;
  if (action === 'refresh') void call(args, 'Refreshing…');
  else if (action === 'next' && state.model.kind === 'answer' && state.model.nextScanPage) {
    void call({ ...args, scan_page: state.model.nextScanPage }, 'Checking the next active meetings…');
  } else if (action === 'play' && state.model.kind === 'answer') {
    const card = state.model.cards[Number(button.dataset.index)];
    const slot = button.closest<HTMLElement>('[data-slot]');
    if (!card?.playbackUrl || !slot) return;
    const player = startPlayer(card.playbackUrl, `Livestream ${card.name ?? card.id}`, document);
    players.set(card.id, player);
    slot.replaceChildren(player.element);
  }
});

function applyContext(context: McpUiHostContext | undefined): void {
  if (!context) return;
  if (context.theme) applyDocumentTheme(context.theme);
  if (context.styles?.variables) applyHostStyleVariables(context.styles.variables);
  if (context.styles?.css?.fonts) applyHostFonts(context.styles.css.fonts);
  if (context.locale || context.timeZone) {
    locale = {
      ...locale,
      ...(context.locale && { locale: context.locale }),
      ...(context.timeZone && { timeZone: context.timeZone }),
    };
    show({});
  }
}

app.ontoolinput = (params) => {
  args = params.arguments ?? {};
};
app.ontoolresult = (result) => show({ model: modelFrom(result), busy: false });
app.ontoolcancelled = (params) => show({ model: { kind: 'cancelled', reason: params.reason ?? '' }, busy: false });
app.onhostcontextchanged = (context) => applyContext(context);
app.onteardown = async () => {
  for (const player of players.values()) player.stop();
  players.clear();
  return {};
};

show({});
app.connect().then(
  () => applyContext(app.getHostContext()),
  (error: unknown) =>
    show({ status: `Could not connect to the host: ${error instanceof Error ? error.message : String(error)}` }),
);
