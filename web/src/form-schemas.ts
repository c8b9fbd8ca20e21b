/**
 * The API's request schemas the forms check before sending (validate.ts). Imported only through
 * `formSchemas()`: zod and these schemas are about 28 KB gzip, which put the form pages over the 60 KB first-load
 * budget (tests/e2e/shell.test.ts measured 63 KB) when the pages imported them directly.
 */
export {
  ActivityInput,
  ActivityPatch,
  AttendanceInput,
  CancelActivityInput,
  CheckinInput,
  CheckoutInput,
  ConfirmInput,
} from '../../shared/schemas/activities.js';
export { OtpRequest, PatchMe, TokenRequest } from '../../shared/schemas/auth.js';
export { BinInput } from '../../shared/schemas/bins.js';
export { BindCardInput } from '../../shared/schemas/cards.js';
export { AcceptCorrection, CorrectionInput, RejectCorrection } from '../../shared/schemas/corrections.js';
export { ResolveFlag } from '../../shared/schemas/flags.js';
export { PatchPreferences } from '../../shared/schemas/notifications.js';
export { AdjustmentInput } from '../../shared/schemas/points.js';
export { ResidentInput, UserPhonePatch } from '../../shared/schemas/residents.js';
export { FulfilInput, RedeemInput, RewardInput, RewardPatch } from '../../shared/schemas/rewards.js';
export { ThemeInput } from '../../shared/schemas/themes.js';
