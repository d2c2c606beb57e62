/* Purna reviews widget (ES2017, no dependencies); see widget.go.
 * Review text comes from strangers and this runs in the shop's origin, so:
 * the DOM is built with createElement/textContent only, no HTML parsing;
 * img src and a href are set only through safeURL (https: or our origin);
 * the brand colour is set only if it is #RRGGBB. */
(() => {
  'use strict';
  const me = document.currentScript || [...document.querySelectorAll('script[src*="/reviews.js"]')].pop();
  if (!me) return;
  const src = new URL(me.src, location.href);
  const origin = src.origin;
  const m = /\/w\/([^/]+)\/reviews\.js$/.exec(src.pathname);
  if (!m) return;
  const shop = m[1];

  const WORDS = {
    id: { more: 'Lihat ulasan lainnya', verified: 'Pembeli terverifikasi', incentivised: 'Pengulas mendapat imbalan',
      reply: 'Balasan penjual', none: 'Belum ada ulasan.', anon: 'Pelanggan', of5: 'dari 5 bintang', photo: 'Foto dari pengulas',
      count: n => n + ' ulasan' },
    en: { more: 'Show more reviews', verified: 'Verified buyer', incentivised: 'Reviewer was rewarded',
      reply: 'Reply from the shop', none: 'No reviews yet.', anon: 'Customer', of5: 'out of 5 stars', photo: 'Photo from the reviewer',
      count: n => n === 1 ? '1 review' : n + ' reviews' },
    ro: { more: 'Mai multe recenzii', verified: 'Cumpărător verificat', incentivised: 'Autorul a primit o recompensă',
      reply: 'Răspunsul magazinului', none: 'Nicio recenzie încă.', anon: 'Client', of5: 'din 5 stele', photo: 'Fotografie de la autor',
      // Romanian puts "de" between 20 or more and the noun: 20 de recenzii.
      count: n => n === 1 ? '1 recenzie' : n + (n % 100 === 0 || n % 100 >= 20 ? ' de recenzii' : ' recenzii') },
  };

  const B = 'var(--purna-brand,#f5a623)';
  const CSS = '.purna-stars{color:' + B + '}' +
    '.purna-summary,.purna-head,.purna-photos{display:flex;flex-wrap:wrap;gap:.5em;align-items:baseline}' +
    '.purna-list{list-style:none;margin:1em 0;padding:0}' +
    '.purna-review{border-top:1px solid rgba(0,0,0,.1);padding:1em 0}' +
    '.purna-author,.purna-title{font-weight:600}.purna-date,.purna-note,.purna-badge{opacity:.75;font-size:.875em}' +
    '.purna-title,.purna-body{margin:.25em 0}.purna-body{white-space:pre-line}' +
    '.purna-photos img{width:72px;height:72px;object-fit:cover}' +
    '.purna-reply{border-left:3px solid ' + B + ';margin-top:.75em;padding:0 .75em}';

  // safeURL: u resolved against our origin if https: or our origin, else ''.
  // That refuses javascript:, data: and the rest (Go: safeWidgetURL).
  const safeURL = u => {
    if (typeof u !== 'string' || u === '') return '';
    try {
      const a = new URL(u, origin);
      return a.protocol === 'https:' || a.origin === origin ? a.href : '';
    } catch (e) {
      return '';
    }
  };

  // el makes an element with a class and text; text is never parsed.
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  };

  const stars = (n, w) => {
    const k = Math.max(0, Math.min(5, Math.round(Number(n) || 0)));
    const s = el('span', 'purna-stars', '★★★★★'.slice(0, k) + '☆☆☆☆☆'.slice(0, 5 - k));
    s.setAttribute('role', 'img');
    s.setAttribute('aria-label', n + ' ' + w.of5);
    return s;
  };

  // date shows "2026-11-02" in the page's language; read by hand so the
  // day cannot shift with the visitor's time zone.
  const date = (d, lang) => {
    const p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
    const t = el('time', 'purna-date', d || '');
    if (!p) return t;
    t.setAttribute('datetime', d);
    try {
      t.textContent = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric' })
        .format(new Date(+p[1], +p[2] - 1, +p[3]));
    } catch (e) { /* keep ISO */ }
    return t;
  };

  const review = (r, w, lang) => {
    const li = el('li', 'purna-review');
    const head = el('div', 'purna-head');
    head.append(stars(r.rating, w), el('span', 'purna-author', r.author || w.anon));
    if (r.verified) head.append(el('span', 'purna-badge', '✓ ' + w.verified));
    head.append(date(r.date, lang));
    li.append(head);
    if (r.incentivised) li.append(el('p', 'purna-note', w.incentivised));
    if (r.title) li.append(el('p', 'purna-title', r.title));
    li.append(el('p', 'purna-body', r.body));
    const photos = el('div', 'purna-photos');
    (Array.isArray(r.photos) ? r.photos : []).forEach(u => {
      const href = safeURL(u);
      if (!href) return;
      const a = el('a');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer nofollow';
      const img = el('img');
      img.src = href;
      img.alt = w.photo;
      img.loading = 'lazy';
      a.append(img);
      photos.append(a);
    });
    if (photos.firstChild) li.append(photos);
    if (r.reply && r.reply.body) {
      const rep = el('div', 'purna-reply');
      const h = el('p', 'purna-note', w.reply + ' ');
      h.append(date(r.reply.date, lang));
      rep.append(h, el('p', 'purna-body', r.reply.body));
      li.append(rep);
    }
    return li;
  };

  const style = () => {
    if (document.getElementById('purna-reviews-css')) return;
    const s = el('style', '', CSS);
    s.id = 'purna-reviews-css';
    document.head.append(s);
  };

  const mount = async root => {
    if (root.getAttribute('data-purna-done')) return;
    root.setAttribute('data-purna-done', '1');
    const sku = root.getAttribute('data-product') || '';
    if (!sku) return;
    const url = page => origin + '/w/' + shop + '/products/' + encodeURIComponent(sku) +
      '/reviews.json?page=' + encodeURIComponent(page);
    const get = async page => {
      const res = await fetch(url(page), { credentials: 'omit' });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    };
    let data;
    try {
      data = await get(1);
    } catch (e) {
      console.warn('purna reviews:', e);
      return;
    }
    const shopInfo = data.shop || {};
    const pick = l => (l || '').slice(0, 2).toLowerCase();
    let lang = pick(root.getAttribute('data-lang') || document.documentElement.lang);
    if (!WORDS[lang]) lang = WORDS[pick(shopInfo.locale)] ? pick(shopInfo.locale) : 'en';
    const w = WORDS[lang];
    style();
    root.classList.add('purna-reviews');
    if (/^#[0-9a-fA-F]{6}$/.test(shopInfo.brand || '')) root.style.setProperty('--purna-brand', shopInfo.brand);
    root.textContent = '';

    const sum = data.summary || {};
    const head = el('div', 'purna-summary');
    if (sum.count > 0) {
      const avg = Number(sum.average);
      head.append(stars(avg, w));
      let shown = sum.average;
      try {
        shown = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(avg);
      } catch (e) { /* keep as sent */ }
      head.append(el('strong', '', shown), el('span', '', w.count(sum.count)));
    } else {
      head.append(el('span', '', w.none));
    }
    const list = el('ol', 'purna-list');
    root.append(head, list);
    const more = el('button', 'purna-more', w.more);
    more.type = 'button';

    const show = d => {
      (Array.isArray(d.reviews) ? d.reviews : []).forEach(r => list.append(review(r, w, lang)));
      const next = Number(d.next_page) || 0;
      if (next > 0) {
        more.onclick = async () => {
          more.disabled = true;
          try {
            show(await get(next));
          } catch (e) {
            console.warn('purna reviews:', e);
          }
          more.disabled = false;
        };
        root.append(more);
      } else {
        more.remove();
      }
    };
    show(data);
  };

  const start = () => document.querySelectorAll('[data-purna-reviews]').forEach(mount);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
