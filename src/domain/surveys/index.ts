export * from './surveys.rules.js';
export { ensureShippedSurveys, listSurveys, getSurvey, createSurvey, updateSurvey } from './surveys.js';
export {
  sendSurvey,
  createSurveyInvitation,
  getSurveyInvitation,
  listSurveyInvitations,
  sendSurveyReminders,
  SURVEY_SENDERS,
  type SendSurveyInput,
  type SentSurvey,
} from './invitations.js';
export { getSurveyPage, answerSurvey, SURVEY_NOT_FOUND_DETAIL, type SurveyPage, type AnsweredSurvey } from './answer.js';
export { listSurveyResponses } from './responses.js';
export { getSurveyFigures } from './figures.js';
