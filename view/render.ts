// Pure: the view's model → a tree of elements. Every value from the answer is a text child, never markup and
// never an attribute that loads or runs anything: view/dom.ts builds the tree with textContent and a fixed set
// of attribute names. Buttons carry a data-action; view/main.ts listens on the root (no inline handlers).
import type { Card, Model } from './model.js';

export interface Element {
  tag: string;
  attrs?: Record<string, string>;
  children?: Node[];
}
export type Node = Element | string;

/** How a card's time reads: in the viewer's locale and time zone, from the host's context. */
export interface Locale {
  locale?: string;
  timeZone?: string;
}

export interface ViewState {
  model: Model;
  /** A refresh or next page is on its way. */
  busy: boolean;
  /** A line for the live region: what the last action did. */
  status?: string;
}

const h = (tag: string, attrs: Record<string, string> = {}, ...children: Node[]): Element => ({
  tag,
  attrs,
  children,
});

/**
 * A value from the answer beside other text, isolated from it: a right-to-left override in a meeting's title
 * must not run on and reverse the meeting id shown after it (the model's text escapes such characters; the
 * view shows the value as it is, so it fences it instead).
 */
const isolated = (value: string): Element => h('bdi', {}, value);

/** A Map, not an object: a status such as "toString" must not find a badge on the prototype. */
const BADGES = new Map([
  ['LIVE', 'live'],
  ['INVOKED', 'starting'],
  ['IDLE', 'idle'],
  ['ERRORED', 'errored'],
]);

export function render(state: ViewState, locale: Locale = {}): Element {
  const { model, busy } = state;
  const refresh = h(
    'button',
    // Busy buttons stay focusable (aria-disabled, not disabled): a keyboard user keeps their place.
    {
      type: 'button',
      class: 'refresh',
      'data-action': 'refresh',
      ...(busy && { 'aria-disabled': 'true', 'aria-busy': 'true' }),
    },
    busy ? 'Refreshing…' : 'Refresh',
  );
  const top = h('header', { class: 'top' }, h('h1', {}, 'Livestreams'), refresh);
  const live = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, state.status ?? '');
  return h('main', { class: 'view' }, top, live, ...body(model, busy, locale));
}

function body(model: Model, busy: boolean, locale: Locale): Node[] {
  switch (model.kind) {
    case 'waiting':
      return [h('p', { class: 'empty' }, 'Waiting for the answer…')];
    case 'cancelled':
      return [h('p', { class: 'empty' }, `The call was cancelled${model.reason ? `: ${model.reason}` : '.'}`)];
    case 'error':
      return [h('div', { class: 'error', role: 'alert' }, h('pre', {}, model.text))];
    case 'text':
      return [h('pre', { class: 'text' }, model.text)];
    case 'answer': {
      const live = model.cards.filter((card) => card.status === 'LIVE').length;
      const nodes: Node[] = [h('p', { class: 'summary' }, model.summary)];
      if (model.cards.length === 0) nodes.push(h('p', { class: 'empty' }, 'Nothing is live right now.'));
      else if (live === 0) nodes.push(h('p', { class: 'empty' }, 'Nothing is on air: none of these is LIVE.'));
      if (model.notes.length > 0)
        nodes.push(h('ul', { class: 'notes' }, ...model.notes.map((note) => h('li', {}, note))));
      if (model.nextScanPage !== undefined) {
        nodes.push(
          h(
            'button',
            { type: 'button', class: 'next', 'data-action': 'next', ...(busy && { 'aria-disabled': 'true' }) },
            `Check the next active meetings (scan page ${model.nextScanPage})`,
          ),
        );
      }
      if (model.cards.length > 0) {
        nodes.push(
          h(
            'section',
            { class: 'cards', 'aria-label': 'Livestreams' },
            ...model.cards.map((c, i) => card(c, i, locale)),
          ),
        );
      }
      return nodes;
    }
  }
}

function card(card: Card, index: number, locale: Locale): Element {
  const badge = BADGES.get(card.status);
  const titleId = `card-${index}-title`;
  const heading = h(
    'div',
    { class: 'card-head' },
    h('span', { class: `badge badge-${badge ?? 'other'}` }, card.status),
    ...(card.disabled ? [h('span', { class: 'badge badge-disabled' }, 'disabled')] : []),
  );
  const facts: Node[] = [
    h('h2', { id: titleId }, card.name === undefined ? 'Unnamed livestream' : isolated(card.name)),
    card.meetingId
      ? h(
          'p',
          { class: 'meeting' },
          'Meeting ',
          h('strong', {}, card.meetingTitle === undefined ? 'Untitled' : isolated(card.meetingTitle)),
          ' ',
          h('code', {}, isolated(card.meetingId)),
        )
      : h('p', { class: 'meeting' }, 'No meeting: sent from an encoder'),
  ];
  if (card.participants !== undefined || card.inSessionSince !== undefined) {
    facts.push(inSession(card.participants, card.inSessionSince, locale));
  }
  if (card.since !== undefined) facts.push(since(card.since, card.status, locale));
  facts.push(h('p', { class: 'id' }, 'Livestream ', h('code', {}, isolated(card.id))));
  return h(
    'article',
    { class: `card${card.status === 'LIVE' ? ' card-live' : ''}`, 'aria-labelledby': titleId, 'data-id': card.id },
    heading,
    ...facts,
    player(card, index),
  );
}

/** Its meeting's session now: how many are in it, and since when. */
function inSession(participants: number | undefined, from: Date | undefined, locale: Locale): Element {
  const who =
    participants === undefined
      ? 'In session'
      : `${participants} ${participants === 1 ? 'person' : 'people'} in session`;
  return h(
    'p',
    { class: 'session' },
    who,
    ...(from ? [' since ', h('time', { datetime: from.toISOString() }, localTime(from, locale))] : []),
  );
}

function since(date: Date, status: string, locale: Locale): Element {
  const label = status === 'LIVE' ? 'Live since ' : 'Since ';
  return h('p', { class: 'since' }, label, h('time', { datetime: date.toISOString() }, localTime(date, locale)));
}

/** The time in the viewer's locale and zone, with the zone named; UTC when the host's values do not work. */
export function localTime(date: Date, { locale, timeZone }: Locale): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  for (const attempt of [
    { locale, timeZone },
    { locale: undefined, timeZone },
    { locale, timeZone: 'UTC' },
    { locale: undefined, timeZone: 'UTC' },
  ]) {
    try {
      const format = new Intl.DateTimeFormat(attempt.locale, {
        ...options,
        ...(attempt.timeZone && { timeZone: attempt.timeZone }),
      });
      const zone = attempt.timeZone ?? format.resolvedOptions().timeZone;
      return `${format.format(date)} (${zone})`;
    } catch {
      // A locale or zone this browser does not know: try the next.
    }
  }
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function player(card: Card, index: number): Element {
  const attrs = { class: 'player', 'data-slot': card.id };
  if (!card.playbackUrl) return h('div', attrs, h('p', { class: 'muted' }, 'No playback URL.'));
  if (card.status !== 'LIVE')
    return h('div', attrs, h('p', { class: 'muted' }, 'Not on air, so there is nothing to play.'));
  return h(
    'div',
    attrs,
    h(
      'button',
      {
        type: 'button',
        class: 'play',
        'data-action': 'play',
        'data-index': String(index),
        'aria-describedby': `card-${index}-title`,
      },
      '▶ Play',
    ),
  );
}
