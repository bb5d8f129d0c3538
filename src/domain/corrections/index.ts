export { recordCorrection, CORRECTION_ROLES, type RecordCorrectionInput } from './record-correction.js';
