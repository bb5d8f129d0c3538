export * from './referral.rules.js';
export { getReferralEligibility, listEligibleAccounts, referralPolicy } from './eligibility.js';
export { createReferralRequest, listReferralRequests, assertReferralEligible, REFERRAL_ASKERS } from './requests.js';
