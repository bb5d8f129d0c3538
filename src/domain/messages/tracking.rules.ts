// Where a customer follows a shipment: the carrier's public tracking page for a tracking number.
// Pure. UPS, FedEx, DHL and USPS are known by name (and their common spellings); any other carrier
// gives no link, and the message shows the number alone.

const CARRIERS: { names: RegExp; url: (n: string) => string }[] = [
  { names: /^ups\b|united parcel/i, url: (n) => `https://www.ups.com/track?tracknum=${n}` },
  { names: /^fed\s*ex\b|federal express/i, url: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}` },
  { names: /^dhl\b/i, url: (n) => `https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=${n}` },
  { names: /^usps\b|postal service|^us mail/i, url: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}` },
];

/** The tracking page for this carrier and number, or null for a carrier Rapport does not know or an empty number. */
export function trackingUrl(carrier: string | null | undefined, trackingNumber: string | null | undefined): string | null {
  const number = (trackingNumber ?? '').replace(/\s+/g, '');
  const name = (carrier ?? '').trim();
  if (!number || !name) return null;
  const known = CARRIERS.find((c) => c.names.test(name));
  return known ? known.url(encodeURIComponent(number)) : null;
}
