import { describe, expect, it } from 'vitest';
import { trackingUrl } from './tracking.rules.js';

describe('trackingUrl', () => {
  it.each([
    ['UPS', '1Z999AA10123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['ups ground', '1Z 999 AA1 0123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['United Parcel Service', '1Z999AA10123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['FedEx', '771234567890', 'https://www.fedex.com/fedextrack/?trknbr=771234567890'],
    ['Fed Ex Express', '771234567890', 'https://www.fedex.com/fedextrack/?trknbr=771234567890'],
    ['Federal Express', '771234567890', 'https://www.fedex.com/fedextrack/?trknbr=771234567890'],
    ['DHL', '00340434161234567890', 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=00340434161234567890'],
    ['DHL Express', '1234567890', 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=1234567890'],
    ['USPS', '9400111899223197428490', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490'],
    ['US Postal Service', '9400111899223197428490', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490'],
  ])('%s %s → the carrier’s tracking page', (carrier, number, url) => {
    expect(trackingUrl(carrier, number)).toBe(url);
  });

  it.each<[string | null, string, string]>([
    ['Schenker', '123', 'a carrier Rapport does not know'],
    ['UPS', '', 'no tracking number'],
    ['UPS', '   ', 'a blank tracking number'],
    ['', '1Z999', 'no carrier'],
    [null, '1Z999', 'a null carrier'],
    ['DHLX Freight', '1', 'a name that only starts like a known one'],
  ])('%s / %s: no link (%s)', (carrier, number) => {
    expect(trackingUrl(carrier, number)).toBeNull();
  });

  it('escapes what a number could smuggle into the URL', () => {
    expect(trackingUrl('UPS', '1Z&x=<b>')).toBe('https://www.ups.com/track?tracknum=1Z%26x%3D%3Cb%3E');
  });
});
