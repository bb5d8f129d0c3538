export * from './referral.rules.js';
export { getReferralEligibility, listEligibleAccounts, referralPolicy } from './eligibility.js';
export { createReferralRequest, recordReferralGiven, listReferralRequests, assertReferralEligible, REFERRAL_ASKERS } from './requests.js';
export { getAdvocacyFigures } from './advocacy.js';
