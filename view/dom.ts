// The tree of view/render.ts as DOM: text through text nodes, attributes only by the names render uses.
import type { Element as Tree, Node as TreeNode } from './render.js';

/** The attribute names render.ts writes; any other is refused, so no value can become a handler or a URL. */
const ATTRIBUTES = new Set([
  'class',
  'id',
  'type',
  'role',
  'aria-disabled',
  'datetime',
  'data-action',
  'data-index',
  'data-slot',
  'data-id',
  'aria-label',
  'aria-labelledby',
  'aria-describedby',
  'aria-live',
  'aria-busy',
]);

export function toDom(tree: TreeNode, document: Document): globalThis.Node {
  if (typeof tree === 'string') return document.createTextNode(tree);
  return element(tree, document);
}

function element(tree: Tree, document: Document): HTMLElement {
  const node = document.createElement(tree.tag);
  for (const [name, value] of Object.entries(tree.attrs ?? {})) {
    if (!ATTRIBUTES.has(name)) throw new Error(`the view does not write the attribute ${name}`);
    node.setAttribute(name, value);
  }
  for (const child of tree.children ?? []) node.append(toDom(child, document));
  return node;
}
