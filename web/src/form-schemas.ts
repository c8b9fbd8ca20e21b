/**
 * The API's request schemas the forms check before sending (validate.ts). Imported only through
 * `formSchemas()`: zod and these schemas are about 28 KB gzip, which put the form pages over the 60 KB first-load
 * budget (tests/e2e/shell.test.ts measured 63 KB) when the pages imported them directly.
 */
export { ActivityInput, ActivityPatch, CancelActivityInput } from '../../shared/schemas/activities.js';
export { AcceptCorrection, CorrectionInput, RejectCorrection } from '../../shared/schemas/corrections.js';
export { AdjustmentInput } from '../../shared/schemas/points.js';
export { RewardInput } from '../../shared/schemas/rewards.js';
export { ThemeInput } from '../../shared/schemas/themes.js';
