export { BulkConfirmDialog, type BulkConfirmDialogProps } from './BulkConfirmDialog';
export {
  ConfirmStep,
  type Confirmation,
  type ConfirmStepProps,
  type ReviewRow,
  type StepErrors,
} from './ConfirmStep';
export { toStepErrors } from './errors';
export { type ApprovalMode, APPROVERS_NEEDED, approverFieldLabel, useApprovalMode } from './approval-mode';
export { organizationKey, useConfirmWithOtp } from './otp';
export {
  appendConfirmation,
  type ConfirmationAnswer,
  ConfirmationFields,
  type ConfirmationFieldsProps,
  useConfirmationAnswer,
} from './ConfirmationFields';
