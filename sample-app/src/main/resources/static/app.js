// The Cachalot shop page: plain JavaScript, no build step. Talks to the app's JSON API,
// listens to two server-sent event streams (leaderboard, dashboard), and never puts
// server data into HTML unescaped (everything goes through el()).
'use strict';

const CATEGORIES = ['Books', 'Coffee', 'Garden', 'Kitchen', 'Lighting', 'Music', 'Outdoor', 'Sports', 'Tools',
  'Toys', 'Travel', 'Wellness'];
const $ = (id) => document.getElementById(id);
let me = { username: null, roles: [] };

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

async function api(method, url, body, headers = {}) {
  return (await request(method, url, body, headers)).data;
}

// the response's JSON and headers; a failed request throws with the server's message
async function request(method, url, body, headers = {}) {
  const options = { method, headers: { 'X-XSRF-TOKEN': csrfToken(), ...headers }, credentials: 'same-origin' };
  if (body instanceof URLSearchParams) {
    options.body = body;
  } else if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = new Error((data && (data.error || data.message)) || response.statusText);
    error.status = response.status;
    throw error;
  }
  return { data, headers: response.headers };
}

const source = (headers) => (headers.get('X-Served-From') === 'cache' ? 'from the cache' : 'from the database');

const money = (value) => Number(value).toLocaleString('en-US', { style: 'currency', currency: 'EUR' });

// ---- catalog ----------------------------------------------------------------------------

async function search(query) {
  $('search').value = query;
  $('search-status').textContent = `Searching “${query}”…`;
  const started = performance.now();
  try {
    const { data: products, headers } = await request('GET', '/api/products?q=' + encodeURIComponent(query));
    const ms = Math.round(performance.now() - started);
    $('search-status').textContent = `${products.length} products for “${query}” in ${ms} ms, ${source(headers)}`;
    $('search-status').dataset.ms = ms;
    $('results').replaceChildren(...products.map(productCard));
  } catch (e) {
    $('search-status').textContent = 'Search failed: ' + e.message;
  }
}

function productCard(product) {
  const card = el('li', { className: 'product', id: 'product-' + product.id },
    el('h3', {}, el('button', { className: 'link open-product', type: 'button', textContent: product.name,
      onclick: () => openProduct(product.id) })),
    el('div', { className: 'meta', textContent: `${product.category} · ${product.stock} in stock` }),
    el('div', { className: 'price', textContent: money(product.price) }),
    el('button', { className: 'add-to-cart', type: 'button', textContent: 'Add to cart',
      onclick: () => addToCart(product.id) }));
  return card;
}

async function openProduct(id) {
  const started = performance.now();
  try {
    const { data: product, headers } = await request('GET', '/api/products/' + id);
    const ms = Math.round(performance.now() - started);
    const detail = $('product-detail');
    const children = [
      el('h3', { textContent: product.name }),
      el('p', { textContent: product.description }),
      el('p', { className: 'price', textContent: `${money(product.price)} · loaded in ${ms} ms, ${source(headers)}` })];
    if (me.roles.includes('ROLE_ADMIN')) {
      const price = el('input', { id: 'new-price', type: 'number', step: '0.01', min: '0.01', value: product.price });
      children.push(el('form', { onsubmit: (event) => { event.preventDefault(); reprice(id, price.value); } },
        'New price ', price, ' ', el('button', { type: 'submit', textContent: 'Reprice (writes through the cache)' })));
    }
    detail.replaceChildren(...children);
    detail.hidden = false;
  } catch (e) {
    $('search-status').textContent = 'Could not open the product: ' + e.message;
  }
}

async function reprice(id, price) {
  try {
    await api('PUT', `/api/products/${id}/price`, { price: Number(price) });
    await openProduct(id);
  } catch (e) {
    $('search-status').textContent = 'Reprice failed: ' + e.message;
  }
}

// ---- account and cart ---------------------------------------------------------------------

async function refreshAccount() {
  try {
    me = await api('GET', '/api/me');
    $('account-message').textContent = '';
  } catch (e) {
    $('account-message').textContent = 'Sessions are unavailable: ' + e.message;
    return;
  }
  $('served-by').textContent = me.servedBy;
  $('login-form').hidden = !!me.username;
  $('signed-in').hidden = !me.username;
  $('account').textContent = me.username || '';
  if (me.username) {
    refreshCart();
  } else {
    $('cart-count').textContent = '0';
  }
}

async function refreshCart() {
  try {
    renderCart(await api('GET', '/api/cart'));
  } catch (e) {
    $('cart').textContent = 'Cart unavailable: ' + e.message;
  }
}

async function addToCart(productId) {
  if (!me.username) {
    $('account-message').textContent = 'Sign in to add to the cart.';
    return;
  }
  try {
    renderCart(await api('POST', '/api/cart/items', { productId, quantity: 1 }));
  } catch (e) {
    $('cart').textContent = 'Could not add to the cart: ' + e.message;
  }
}

async function removeFromCart(productId) {
  renderCart(await api('DELETE', '/api/cart/items/' + productId));
}

function renderCart(cart) {
  $('cart-count').textContent = cart.count;
  if (!cart.lines.length) {
    $('cart').replaceChildren(el('p', { className: 'hint', textContent: 'Your cart is empty.' }));
    return;
  }
  $('cart').replaceChildren(
    el('ul', {}, ...cart.lines.map((line) => el('li', { className: 'cart-line' },
      `${line.quantity} × ${line.product.name} — ${money(line.subtotal)} `,
      el('button', { className: 'link', type: 'button', textContent: 'remove',
        onclick: () => removeFromCart(line.product.id) })))),
    el('p', { id: 'cart-total', textContent: 'Total ' + money(cart.total) }));
}

// ---- live streams -----------------------------------------------------------------------------

function renderLeaderboard(entries) {
  if (!entries.length) return;
  $('leaderboard').replaceChildren(...entries.map((entry) => el('li', { className: 'leader' },
    el('button', { className: 'link', type: 'button', textContent: entry.name,
      onclick: () => openProduct(entry.productId) }),
    ` — ${entry.views} view${entry.views === 1 ? '' : 's'}`)));
}

const readings = [];

function renderDashboard(now) {
  readings.push(now);
  while (readings.length > 11) readings.shift();
  const then = readings[0];
  const hits = now.hits - then.hits;
  const misses = now.misses - then.misses;
  const percent = (h, m) => (h + m ? Math.round((100 * h) / (h + m)) + '%' : '–');
  $('hit-ratio').textContent = percent(hits, misses);
  $('hit-ratio-total').textContent = percent(now.hits, now.misses);
  $('near-hits').textContent = now.hits ? `${Math.round((100 * now.nearHits) / now.hits)}% (near cache)` : '–';
  const reads = now.cacheReads - then.cacheReads;
  $('latency').textContent = reads ? ((now.cacheReadMillis - then.cacheReadMillis) / reads).toFixed(2) + ' ms'
    : (now.cacheReads ? (now.cacheReadMillis / now.cacheReads).toFixed(2) + ' ms (avg)' : '–');
  const seconds = Math.max(1, (now.time - then.time) / 1000);
  $('db-queries').textContent = `${now.databaseQueries} (${((now.databaseQueries - then.databaseQueries) / seconds).toFixed(1)}/s)`;
  $('evictions').textContent = `${now.evictions} / ${now.serverEvictions}`;
  $('fallbacks').textContent = now.fallbacks;
  const breaker = $('breaker');
  breaker.textContent = now.breaker + (now.breakerFailureRate >= 0 ? ` (${Math.round(now.breakerFailureRate)}% failed)` : '');
  breaker.dataset.state = now.breaker;
  breaker.className = 'badge ' + ({ CLOSED: 'ok', HALF_OPEN: 'warn' }[now.breaker] || 'bad');
  const server = $('server-state');
  // an external server's state is the breaker's to tell; only the embedded one is switched here
  server.textContent = !now.cacheServer.embedded ? 'external' : (now.cacheServer.running ? 'running' : 'stopped');
  $('server-endpoint').textContent = now.cacheServer.endpoint + (now.cacheServer.embedded ? ' (embedded)' : '');
  server.dataset.running = now.cacheServer.running;
  server.className = 'badge ' + (!now.cacheServer.embedded ? '' : (now.cacheServer.running ? 'ok' : 'bad'));
  $('outage').hidden = !now.cacheServer.embedded;
}

// EventSource reconnects by itself when a stream ends, but gives up for good when the server
// answers with an error (the cache server is down): then try again a little later
function listen(url, event, render) {
  const stream = new EventSource(url);
  stream.addEventListener(event, (message) => render(JSON.parse(message.data)));
  stream.addEventListener('error', () => {
    if (stream.readyState === EventSource.CLOSED) setTimeout(() => listen(url, event, render), 3000);
  });
}

// ---- outage switch ------------------------------------------------------------------------------

async function switchServer(action) {
  const password = $('admin-password').value;
  try {
    const state = await api('POST', '/api/admin/cache-server/' + action, undefined,
      { Authorization: 'Basic ' + btoa('admin:' + password) });
    $('outage-message').textContent = `Cache server ${state.running ? 'running' : 'stopped'}.`;
    if (state.running) setTimeout(refreshAccount, 1500);
  } catch (e) {
    $('outage-message').textContent = e.status === 401 ? 'Wrong admin password.' : 'Failed: ' + e.message;
  }
}

// ---- wiring -----------------------------------------------------------------------------------

$('categories').replaceChildren(...CATEGORIES.map((category) => el('button', { type: 'button',
  className: 'category', textContent: category, onclick: () => search(category.toLowerCase()) })));
$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const query = $('search').value.trim();
  if (query) search(query);
});
$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await api('POST', '/login', new URLSearchParams({ username: $('login-username').value,
      password: $('login-password').value }));
    $('login-password').value = '';
    await refreshAccount();
  } catch (e) {
    $('account-message').textContent = e.status === 401 ? 'Wrong username or password.' : 'Sign-in failed: ' + e.message;
  }
});
$('logout-button').addEventListener('click', async () => {
  await api('POST', '/logout');
  $('cart').replaceChildren(el('p', { className: 'hint', textContent: 'Signed out.' }));
  await refreshAccount();
});
$('stop-server').addEventListener('click', () => switchServer('stop'));
$('start-server').addEventListener('click', () => switchServer('start'));

listen('/api/leaderboard/stream', 'leaderboard', renderLeaderboard);
listen('/api/dashboard/stream', 'dashboard', renderDashboard);
refreshAccount();
search('coffee');
