// The customer portal's HTML (docs/portal.md), rendered on the server: one light page, no staff app
// code, no third-party request (styles inline, one same-origin script for saving as they type).
// Every value from the database goes through `esc`, so what a customer or staff typed is text.
import { PORTAL_ADDRESS_FIELDS, type PortalAddress, type PortalFormValues } from '../../../contract/portal.js';
import type { PortalOrder, PortalView } from '../../domain/portal/index.js';

export const PORTAL_SCRIPT_PATH = '/portal-assets/portal.js';

export function esc(value: string | number | null | undefined): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
:root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f7f9fb;--accent:#1c5d99;--warn-bg:#fff4e5;--warn:#8a4b00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#fff;border-bottom:1px solid var(--line);padding:1rem}
header p{margin:0;color:var(--muted);font-size:.9rem}
h1{font-size:1.35rem;margin:.1rem 0 0}
main{max-width:42rem;margin:0 auto;padding:1rem}
h2{font-size:1.1rem;margin:1.75rem 0 .5rem}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem;margin:.75rem 0}
.card h4{font-size:1rem;margin:0 0 .25rem}
.group{font-size:.95rem;color:var(--muted);margin:.75rem 0 0}
.status{display:inline-block;font-weight:600;color:var(--accent)}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem;margin:.5rem 0 0}
dt{color:var(--muted)}dd{margin:0}
a{color:var(--accent)}
.notice{background:var(--warn-bg);color:var(--warn);border-radius:6px;padding:.6rem .75rem;margin-top:.75rem}
.saved{background:#e8f5e9;color:#1e5631;border-radius:6px;padding:.6rem .75rem;margin-top:.75rem}
.notice p{margin:.25rem 0 0;color:var(--ink);white-space:pre-line}
.people{list-style:none;padding:0;margin:0}
.people li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:.75rem 1rem;margin:.5rem 0}
.muted{color:var(--muted)}
.hint{margin:0 0 .5rem 1.75rem;font-size:.9rem}
.scale .scores{display:flex;flex-wrap:wrap;gap:.35rem;margin:.5rem 0 .25rem}
.score{display:inline-flex;margin:0}
.score input{position:absolute;opacity:0;width:1px;height:1px}
.score span{display:inline-block;min-width:2.6rem;text-align:center;padding:.55rem .4rem;border:1px solid #9aa5b1;border-radius:6px;background:#fff;cursor:pointer}
.score input:checked+span{background:var(--accent);color:#fff;border-color:var(--accent)}
.score input:focus-visible+span{outline:3px solid #8ab4f8;outline-offset:1px}
.ends{display:flex;justify-content:space-between;gap:1rem;font-size:.85rem;margin:0}
fieldset{min-width:0;border:1px solid var(--line);border-radius:8px;background:#fff;margin:.75rem 0;padding:.75rem 1rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;margin:.6rem 0 .15rem;font-size:.95rem}
input[type=text],input[type=email],input[type=tel],textarea{width:100%;font:inherit;padding:.5rem .6rem;border:1px solid #9aa5b1;border-radius:6px;background:#fff;color:var(--ink)}
textarea{min-height:5rem}
input:focus,textarea:focus,button:focus{outline:3px solid #8ab4f8;outline-offset:1px}
.check{display:flex;gap:.5rem;align-items:center;margin:.6rem 0}
.check label{margin:0}
button{font:inherit;font-weight:600;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:.65rem 1.25rem;cursor:pointer}
button.secondary{background:#fff;color:var(--accent);border:1px solid var(--accent)}
blockquote{margin:.75rem 0}
.files{margin:.5rem 0 0;padding-left:1.25rem}
input[type=file]{font:inherit;max-width:100%}
.save-state{min-height:1.5rem;color:var(--muted);font-size:.9rem}
.error{color:#a61b1b;font-size:.9rem;margin:.2rem 0 0}
footer{max-width:42rem;margin:2rem auto;padding:0 1rem 2rem;color:var(--muted);font-size:.85rem}
`;

/** A calendar date (YYYY-MM-DD) as words: it is a day, in no time zone. */
function dateOnly(value: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T12:00:00Z`));
}

function instant(value: string | null, zone: string): string {
  if (!value) return '';
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: zone }).format(new Date(value));
}

function orderCard(o: PortalOrder, zone: string): string {
  const rows: [string, string][] = [['Ordered', esc(instant(o.placedAt, zone))]];
  if (o.promisedDate) rows.push(['Promised for', esc(dateOnly(o.promisedDate))]);
  if (o.isOpen && o.expectedShipDate) rows.push(['Expected to ship', esc(dateOnly(o.expectedShipDate))]);
  if (o.shippedAt) rows.push(['Shipped', esc(instant(o.shippedAt, zone))]);
  if (o.deliveredAt) rows.push(['Delivered', esc(instant(o.deliveredAt, zone))]);
  if (o.trackingNumber) {
    const what = `${o.carrier ? `${o.carrier} ` : ''}${o.trackingNumber}`;
    rows.push([
      'Tracking',
      o.trackingUrl
        ? `<a href="${esc(o.trackingUrl)}" rel="noreferrer noopener" target="_blank">Track ${esc(what)}<span class="muted"> (opens the carrier's site)</span></a>`
        : esc(what),
    ]);
  }
  const notice = o.lateNotice
    ? `<div class="notice" role="note"><strong>We told you on ${esc(instant(o.lateNotice.sentAt, zone))} that this order may ship late.</strong><p>${esc(o.lateNotice.text)}</p></div>`
    : '';
  return `<article class="card" aria-labelledby="order-${esc(o.number)}">
<h4 id="order-${esc(o.number)}">Order ${esc(o.number)}</h4>
<span class="status">${esc(o.status)}</span>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${notice}
</article>`;
}

function text(name: string, label: string, value: string | undefined, type = 'text', autocomplete = 'off'): string {
  const id = `f-${name.replace(/\./g, '-')}`;
  return `<label for="${id}">${esc(label)}</label><input type="${type}" id="${id}" name="${esc(name)}" value="${esc(value)}" autocomplete="${autocomplete}" aria-describedby="${id}-error"><p class="error" id="${id}-error" data-error-for="${esc(name)}"></p>`;
}

function area(name: string, label: string, value: string | undefined, hint: string): string {
  const id = `f-${name}`;
  return `<label for="${id}">${esc(label)}</label><p class="muted" id="${id}-hint" style="margin:0 0 .25rem;font-size:.9rem">${esc(hint)}</p><textarea id="${id}" name="${esc(name)}" aria-describedby="${id}-hint ${id}-error">${esc(value)}</textarea><p class="error" id="${id}-error" data-error-for="${esc(name)}"></p>`;
}

function address(prefix: 'shipTo' | 'billTo', legend: string, a: PortalAddress | undefined, autocompleteSection: string): string {
  const auto: Record<keyof PortalAddress, string> = {
    name: 'organization',
    street: 'street-address',
    city: 'address-level2',
    region: 'address-level1',
    postalCode: 'postal-code',
    country: 'country-name',
  };
  return `<fieldset id="${prefix}"><legend>${esc(legend)}</legend>${PORTAL_ADDRESS_FIELDS.map(([key, label]) =>
    text(`${prefix}.${key}`, label, a?.[key], 'text', `section-${autocompleteSection} ${auto[key]}`),
  ).join('')}</fieldset>`;
}

function uploadField(documents: PortalView['documents'], zone: string): string {
  const sent =
    documents.length === 0
      ? ''
      : `<ul class="files" id="uploaded">${documents
          .map((d) => `<li>${esc(d.fileName)} <span class="muted">— received ${esc(instant(d.uploadedAt, zone))}</span></li>`)
          .join('')}</ul>`;
  return `<fieldset><legend>Tax exemption</legend>
<label for="f-file">Tax-exemption certificate, if you have one</label>
<p class="muted" id="f-file-hint" style="margin:0 0 .25rem;font-size:.9rem">A PDF, PNG or JPEG file of at most 5 MB. It is sent as soon as you choose it.</p>
<input type="file" id="f-file" name="file" accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg" aria-describedby="f-file-hint f-file-error">
<p class="error" id="f-file-error" data-error-for="file"></p>
<p class="save-state" id="upload-state" role="status" aria-live="polite"></p>
${sent}
</fieldset>`;
}

function formSection(v: PortalFormValues, submittedAt: string | null, zone: string, documents: PortalView['documents']): string {
  const ap = v.accountsPayable;
  const sent = submittedAt ? `You sent this to us on ${esc(instant(submittedAt, zone))}. You can still change it and send it again.` : '';
  return `<section aria-labelledby="form-title">
<h2 id="form-title">Your details for shipping and invoices</h2>
<p class="muted">What you type is saved as you go; you can close this page and come back. When it is complete, press “Send to us”.</p>
<form id="portal-form" novalidate>
${address('shipTo', 'Ship to', v.shipTo, 'ship')}
<div class="check"><input type="checkbox" id="f-billToSameAsShipTo" name="billToSameAsShipTo"${v.billToSameAsShipTo ? ' checked' : ''}><label for="f-billToSameAsShipTo">Send invoices to the ship-to address</label></div>
${address('billTo', 'Bill to', v.billTo, 'bill')}
<fieldset><legend>Accounts payable contact</legend>
${text('accountsPayable.name', 'Name', ap?.name, 'text', 'name')}
${text('accountsPayable.email', 'Email', ap?.email, 'email', 'email')}
${text('accountsPayable.phone', 'Phone', ap?.phone, 'tel', 'tel')}
</fieldset>
<fieldset><legend>Purchase orders and paperwork</legend>
${area('poRequirements', 'PO requirements', v.poRequirements, 'For example: a PO number on every invoice, a PO per shipment.')}
${area('shipmentDocuments', 'Documents you need with every shipment', v.shipmentDocuments, 'For example: certificate of conformance, packing list, material certificates.')}
</fieldset>
${uploadField(documents, zone)}
<p class="save-state" id="save-state" role="status" aria-live="polite">${sent}</p>
<button type="submit" id="send">Send to us</button>
</form>
</section>`;
}

/** A whole customer page: the organisation's name, the title, the body; the portal's one stylesheet. */
export function portalShell(title: string, orgName: string, body: string, withScript: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)} · ${esc(orgName)}</title>
<style>${STYLE}</style>
${withScript ? `<script src="${PORTAL_SCRIPT_PATH}" defer></script>` : ''}
</head>
<body>
<header><p>${esc(orgName)}</p><h1>${esc(title)}</h1></header>
${body}
</body>
</html>`;
}

export function renderPortalPage(v: PortalView): string {
  const open = v.orders.filter((o) => o.isOpen);
  const recent = v.orders.filter((o) => !o.isOpen);
  const orders =
    v.orders.length === 0
      ? '<p class="muted">No open or recent orders.</p>'
      : `${open.length > 0 ? `<h3 class="group">Open</h3>${open.map((o) => orderCard(o, v.timezone)).join('')}` : ''}${
          recent.length > 0 ? `<h3 class="group">Recently shipped</h3>${recent.map((o) => orderCard(o, v.timezone)).join('')}` : ''
        }`;
  const people =
    v.people.length === 0
      ? ''
      : `<section aria-labelledby="people-title"><h2 id="people-title">Your contacts at ${esc(v.orgName)}</h2><ul class="people">${v.people
          .map(
            (p) =>
              `<li><strong>${esc(p.name)}</strong> <span class="muted">— ${esc(p.role)}</span>${p.email ? `<br><a href="mailto:${esc(p.email)}">${esc(p.email)}</a>` : ''}</li>`,
          )
          .join('')}</ul></section>`;
  const body = `<main>
<section aria-labelledby="orders-title"><h2 id="orders-title">Your orders</h2>${orders}</section>
${people}
${formSection(v.form.values, v.form.submittedAt, v.timezone, v.documents)}
</main>
<footer>This page is for ${esc(v.accountName)} only. Please do not forward the link.</footer>`;
  return portalShell(v.accountName, v.orgName, body, true);
}

/** The one answer to every link that opens nothing: the same bytes whatever was wrong with it. */
export const PORTAL_NOT_FOUND_HTML = portalShell(
  'This link does not open a page',
  'Customer portal',
  '<main><p>The link may have expired or been withdrawn. Ask your contact for a new one.</p></main>',
  false,
);
