export * from './links.js';
export {
  getPortalView,
  resolvePortalToken,
  PORTAL_NOT_FOUND_DETAIL,
  type PortalView,
  type PortalOrder,
  type PortalPerson,
} from './view.js';
export { savePortalForm, submitPortalForm, formSummary, mergeFormValues, portalActor } from './form.js';
export { uploadPortalDocument, listPortalDocuments, listAccountDocuments, getPortalDocumentFile, fileTooLarge } from './documents.js';
export { detectDocumentType } from './documents.rules.js';
export { getMailPreferences, setMailPreferences, type MailPreferences, type SetMailPreferencesInput } from './preferences.js';
