// The test's MCP Apps host, bundled for chromium (bundle.mjs). It does what a host does with
// the official AppBridge: reads the tool's `_meta.ui.resourceUri`, reads that resource, puts its
// HTML in a sandboxed iframe under the CSP its `_meta.ui.csp` asks for, and sends the view the
// tool's input, its result and the host context. Every MCP request (the host's own and the
// view's, which AppBridge hands to oncalltool / onreadresource / ...) goes to `window.hostMcp`,
// a function the test exposes that forwards it to the real binary through the SDK Client.

import { AppBridge, PostMessageTransport, getToolUiResourceUri } from '@modelcontextprotocol/ext-apps/app-bridge';

const MIME = 'text/html;profile=mcp-app';
const mcp = (method, params) => window.hostMcp(method, params);

// The CSP a host puts on a view: nothing but inline code and data: images unless the resource
// names origins (ext-apps McpUiResourceCsp: connect/resource/frame/baseUri domains).
function cspFor(csp = {}) {
  const list = (xs, none) => (Array.isArray(xs) && xs.length ? xs.join(' ') : none);
  const res = list(csp.resourceDomains, '');
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${res}`.trim(),
    `style-src 'unsafe-inline' ${res}`.trim(),
    `img-src data: ${res}`.trim(),
    `media-src data: ${res}`.trim(),
    `font-src ${res || "'none'"}`,
    `connect-src ${list(csp.connectDomains, "'none'")}`,
    `frame-src ${list(csp.frameDomains, "'none'")}`,
    `base-uri ${list(csp.baseUriDomains, "'none'")}`,
    "form-action 'none'",
  ].join('; ');
}

function withCsp(html, policy) {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const at = html.search(/<head[^>]*>/i);
  if (at < 0) return meta + html;
  const end = html.indexOf('>', at) + 1;
  return html.slice(0, end) + meta + html.slice(end);
}

let current = null;

/** Calls `tool` as a host would for the model and shows its view; resolves with what it used. */
window.mountApp = async ({ tool, args = {}, theme = 'light' }) => {
  if (current) await window.unmountApp();
  const { tools } = await mcp('tools/list', {});
  const declared = tools.find((t) => t.name === tool);
  if (!declared) throw new Error(`${tool} is not in tools/list`);
  const uri = getToolUiResourceUri(declared);
  if (!uri) throw new Error(`${tool} names no UI resource: ${JSON.stringify(declared._meta)}`);
  const [result, resource] = await Promise.all([
    mcp('tools/call', { name: tool, arguments: args }),
    mcp('resources/read', { uri }),
  ]);
  const content = resource.contents[0];
  if (content.mimeType !== MIME) throw new Error(`${uri} is ${content.mimeType}, not ${MIME}`);
  const csp = content._meta?.ui?.csp ?? {};
  const policy = cspFor(csp);

  const iframe = document.createElement('iframe');
  iframe.id = 'app';
  iframe.title = `trakt ${tool}`;
  iframe.setAttribute('sandbox', 'allow-scripts');
  document.getElementById('slot').replaceChildren(iframe);

  const hostContext = {
    theme, locale: 'en-US', timeZone: 'UTC', platform: 'web', displayMode: 'inline',
    availableDisplayModes: ['inline'], containerDimensions: { width: 640, maxHeight: 6000 },
    toolInfo: { tool: declared },
  };
  const bridge = new AppBridge(null, { name: 'trakt-mcp-test-host', version: '1.0.0' },
    { serverTools: {}, serverResources: {}, logging: {} }, { hostContext });
  bridge.oncalltool = (params) => mcp('tools/call', params);
  bridge.onreadresource = (params) => mcp('resources/read', params);
  bridge.onlistresources = (params) => mcp('resources/list', params ?? {});
  bridge.onsizechange = ({ height }) => { if (height > 0) iframe.style.height = `${height}px`; };
  const sizes = [];
  bridge.addEventListener('sizechange', (p) => sizes.push(p));
  const initialized = new Promise((resolve) => { bridge.oninitialized = resolve; });
  await bridge.connect(new PostMessageTransport(iframe.contentWindow, iframe.contentWindow));
  iframe.srcdoc = withCsp(content.text, policy);
  await initialized;
  await bridge.sendToolInput({ arguments: args });
  await bridge.sendToolResult(result);
  current = { bridge, iframe, hostContext, sizes };
  return { uri, result, csp, policy, resourceMeta: content._meta ?? null, toolMeta: declared._meta ?? null };
};

/** Switches the host's theme; the view hears it as ui/notifications/host-context-changed. */
window.setHostTheme = (theme) => {
  current.hostContext = { ...current.hostContext, theme };
  current.bridge.setHostContext(current.hostContext);
};

window.lastHeight = () => current?.sizes.at(-1)?.height ?? null;

/** Asks the view to tear down (ui/resource-teardown), then removes it. */
window.unmountApp = async () => {
  if (!current) return;
  const { bridge, iframe } = current;
  current = null;
  try { await bridge.teardownResource({}); } finally {
    await bridge.close();
    iframe.remove();
  }
};
